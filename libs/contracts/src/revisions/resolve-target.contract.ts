import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';

/**
 * Which integration a revision or revert belongs to (in the caller's workspace),
 * so the gateway can check a member's grant on routes that name only those.
 */
export namespace ResolveTarget {
  export const pattern = 'revisions.target.resolve';
  export const Request = z.object({
    actor: Actor,
    kind: z.enum(['revision', 'revert', 'pull']),
    id: z.string().max(100),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = { integrationId: string };
  export const response = responseOf<Response>();
}
