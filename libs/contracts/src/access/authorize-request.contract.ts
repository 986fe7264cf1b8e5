import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';

/** Actions the gateway asks the access service about, one per HTTP route / command. */
export const ACTIONS = [
  'integration.create', 'integration.list', 'integration.read', 'integration.update', 'integration.delete',
  'resource.write', 'snapshot.create', 'revision.read', 'revert.create', 'revert.apply', 'self.read',
] as const;
export const Action = z.enum(ACTIONS);
export type Action = z.infer<typeof Action>;

/** Authenticates a bearer token and authorises one action in one call (one hop per request). */
export namespace AuthorizeRequest {
  export const pattern = 'access.request.authorize';
  export const Request = z.object({
    token: z.string().max(4096),
    action: Action,
    integrationId: z.string().max(100).optional(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = { actor: Actor };
  export const response = responseOf<Response>();
}
