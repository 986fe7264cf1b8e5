import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { PullView, Resolution } from './pull-views';

export namespace ResolvePull {
  export const pattern = 'revisions.pull.resolve';
  export const Request = z.object({
    actor: Actor,
    pullId: z.string().max(100),
    resolutions: z.array(Resolution).min(1).max(10_000),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = PullView;
  export const response = responseOf<Response>();
}
