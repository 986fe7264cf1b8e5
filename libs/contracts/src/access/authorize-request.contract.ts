import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';

/** Actions the gateway asks the access service about, one per HTTP route / command. */
export const ACTIONS = [
  'integration.create', 'integration.list', 'integration.read', 'integration.update', 'integration.delete',
  'resource.write', 'snapshot.create', 'revision.read', 'revert.create', 'revert.apply',
  'grant.read', 'grant.write', 'user.read', 'user.write', 'token.create', 'token.revoke', 'audit.read',
  'workspace.create', 'self.read',
  'ops.read', 'integration.clone', 'integration.import', 'pull.create', 'pull.read', 'pull.resolve', 'pull.approve', 'pull.merge', 'pull.cancel',
] as const;
export const Action = z.enum(ACTIONS);
export type Action = z.infer<typeof Action>;

/**
 * Authenticates a bearer token and authorises one action in one call (one hop
 * per request). `integrationIds` are the integrations the action touches; a
 * member needs a grant on each (the first needs the action's level).
 */
export namespace AuthorizeRequest {
  export const pattern = 'access.request.authorize';
  export const Request = z.object({
    token: z.string().max(4096),
    action: Action,
    integrationIds: z.array(z.string().max(100)).max(2).optional(),
    /** the caller's network address, for the audit of refused attempts */
    client: z.string().max(100).optional(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = {
    actor: Actor;
    /** for a member listing integrations: the ones it may see */
    visibleIntegrationIds?: string[];
  };
  export const response = responseOf<Response>();
}
