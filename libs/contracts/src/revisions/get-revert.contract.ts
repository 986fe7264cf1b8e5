import { z } from 'zod';
import { Actor, RevertView } from '../common';
import { responseOf } from '../contract';

export namespace GetRevert {
  export const pattern = 'revisions.revert.get';
  export const Request = z.object({ actor: Actor, revertId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = RevertView;
  export const response = responseOf<Response>();
}
