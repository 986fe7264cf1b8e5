import { z } from 'zod';
import { Actor, RevisionDetailView } from '../common';
import { responseOf } from '../contract';

export namespace GetRevision {
  export const pattern = 'revisions.revision.get';
  export const Request = z.object({ actor: Actor, revisionId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = RevisionDetailView;
  export const response = responseOf<Response>();
}
