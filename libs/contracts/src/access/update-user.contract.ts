import { z } from 'zod';
import { Actor, Name } from '../common';
import { responseOf } from '../contract';
import { UserView } from './access-views';

export namespace UpdateUser {
  export const pattern = 'access.user.update';
  export const Request = z.object({
    actor: Actor,
    userId: z.string().max(100),
    patch: z.object({ name: Name.optional(), role: z.enum(['admin', 'member']).optional() }).strict(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = UserView;
  export const response = responseOf<Response>();
}
