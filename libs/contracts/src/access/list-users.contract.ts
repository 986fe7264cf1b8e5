import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { UserView } from './access-views';

export namespace ListUsers {
  export const pattern = 'access.user.list';
  export const Request = z.object({ actor: Actor });
  export type Request = z.infer<typeof Request>;
  export type Response = { items: UserView[]; nextCursor: null };
  export const response = responseOf<Response>();
}
