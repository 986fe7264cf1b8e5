import { z } from 'zod';
import { Actor, Name } from '../common';
import { responseOf } from '../contract';
import { Email, UserView } from './access-views';

export namespace CreateUser {
  export const pattern = 'access.user.create';
  export const Request = z.object({
    actor: Actor,
    email: Email,
    name: Name,
    role: z.enum(['admin', 'member']),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = UserView;
  export const response = responseOf<Response>();
}
