import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { PullView } from './pull-views';

export namespace ApprovePull {
  export const pattern = 'revisions.pull.approve';
  export const Request = z.object({
    actor: Actor,
    pullId: z.string().max(100),
    previewHash: z.string().regex(/^[0-9a-f]{64}$/, 'previewHash is the hex string the preview returned'),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = PullView;
  export const response = responseOf<Response>();
}
