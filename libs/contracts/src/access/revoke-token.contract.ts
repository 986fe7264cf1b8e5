import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';

/** Revocation is effective at once in the access service (the gateway reuses a decision for ≤ 1 s). */
export namespace RevokeToken {
  export const pattern = 'access.token.revoke';
  export const Request = z.object({ actor: Actor, tokenId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = { id: string; revoked: true };
  export const response = responseOf<Response>();
}
