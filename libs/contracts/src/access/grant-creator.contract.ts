import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';

/** The member who made an integration (a clone, an import) gets `manage` on it (SPEC §5). Gateway only. */
export namespace GrantCreator {
  export const pattern = 'access.grant.creator';
  export const Request = z.object({ actor: Actor, integrationId: z.string().uuid() });
  export type Request = z.infer<typeof Request>;
  export type Response = { granted: boolean };
  export const response = responseOf<Response>();
}
