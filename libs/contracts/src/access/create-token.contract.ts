import { z } from 'zod';
import { Actor, Name } from '../common';
import { responseOf } from '../contract';
import { IssuedToken, Scope } from './access-views';

export namespace CreateToken {
  export const pattern = 'access.token.create';
  export const Request = z.object({
    actor: Actor,
    /** absent: a token for the caller */
    userId: z.string().max(100).optional(),
    name: Name,
    expiresAt: z.string().datetime({ offset: true }).optional(),
    scopes: z.array(Scope).min(1).max(10).optional(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = IssuedToken;
  export const response = responseOf<Response>();
}
