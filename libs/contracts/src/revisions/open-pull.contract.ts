import { z } from 'zod';
import { Actor, Description } from '../common';
import { responseOf } from '../contract';
import { PullView } from './pull-views';

export namespace OpenPull {
  export const pattern = 'revisions.pull.open';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().max(100),
    remoteIntegrationId: z.string().max(100),
    description: Description.default(''),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = PullView;
  export const response = responseOf<Response>();
}
