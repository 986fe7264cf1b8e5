import { z } from 'zod';
import { Actor, RevertView } from '../common';
import { responseOf } from '../contract';

export namespace PreviewRevert {
  export const pattern = 'revisions.revert.preview';
  export const Request = z.object({ actor: Actor, integrationId: z.string().max(100), revisionId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = RevertView;
  export const response = responseOf<Response>();
}
