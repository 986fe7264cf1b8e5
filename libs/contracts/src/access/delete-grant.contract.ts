import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';

export namespace DeleteGrant {
  export const pattern = 'access.grant.delete';
  export const Request = z.object({ actor: Actor, integrationId: z.string().uuid(), userId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = { integrationId: string; userId: string; deleted: true };
  export const response = responseOf<Response>();
}
