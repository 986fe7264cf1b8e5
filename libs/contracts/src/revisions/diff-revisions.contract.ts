import { z } from 'zod';
import { Actor, DiffView } from '../common';
import { responseOf } from '../contract';

export namespace DiffRevisions {
  export const pattern = 'revisions.diff.compute';
  export const Request = z.object({
    actor: Actor,
    revisionId: z.string().max(100),
    /** another revision id, or "live" for the integration's current state */
    against: z.string().max(100),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = DiffView;
  export const response = responseOf<Response>();
}
