import { z } from 'zod';
import { Actor, Description, RevisionView } from '../common';
import { responseOf } from '../contract';

export namespace CreateSnapshot {
  export const pattern = 'revisions.snapshot.create';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().max(100),
    description: Description.default(''),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = RevisionView;
  export const response = responseOf<Response>();
}
