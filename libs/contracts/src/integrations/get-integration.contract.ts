import { z } from 'zod';
import { Actor, IntegrationView } from '../common';
import { responseOf } from '../contract';

export namespace GetIntegration {
  export const pattern = 'integrations.integration.get';
  export const Request = z.object({ actor: Actor, integrationId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = IntegrationView;
  export const response = responseOf<Response>();
}
