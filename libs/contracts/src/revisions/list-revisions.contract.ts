import { z } from 'zod';
import { Actor, Page, PageRequest, RevisionView } from '../common';
import { responseOf } from '../contract';

export namespace ListRevisions {
  export const pattern = 'revisions.revision.list';
  export const Request = z.object({ actor: Actor, integrationId: z.string().max(100), ...PageRequest });
  export type Request = z.infer<typeof Request>;
  export type Response = Page<RevisionView>;
  export const response = responseOf<Response>();
}
