import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { PullView } from './pull-views';

export namespace CancelPull {
  export const pattern = 'revisions.pull.cancel';
  export const Request = z.object({
    actor: Actor,
    pullId: z.string().max(100),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = PullView;
  export const response = responseOf<Response>();
}
