import { z } from 'zod';
import { Actor, RevertView } from '../common';
import { responseOf } from '../contract';

export namespace ApplyRevert {
  export const pattern = 'revisions.revert.apply';
  export const Request = z.object({
    actor: Actor,
    revertId: z.string().max(100),
    previewHash: z.string().regex(/^[0-9a-f]{64}$/, 'previewHash is the hex string the preview returned'),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = RevertView;
  export const response = responseOf<Response>();
}
