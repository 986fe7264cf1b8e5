import { z } from 'zod';
import { Actor, Environment, Name } from '../common';
import { responseOf } from '../contract';
import { CloneView } from './pull-views';

/** A new integration with the source's state (credentials excepted), linked to it in the revision graph. */
export namespace CloneIntegration {
  export const pattern = 'revisions.integration.clone';
  export const Request = z.object({
    actor: Actor,
    sourceIntegrationId: z.string().max(100),
    name: Name,
    environment: Environment,
  });
  export type Request = z.infer<typeof Request>;
  export type Response = CloneView;
  export const response = responseOf<Response>();
}
