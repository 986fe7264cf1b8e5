import { z } from 'zod';
import { Actor, Description, IntegrationView, Name, Settings } from '../common';
import { responseOf } from '../contract';

export namespace UpdateIntegration {
  export const pattern = 'integrations.integration.update';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().max(100),
    ifMatch: z.number().int().nonnegative().optional(),
    patch: z
      .object({ name: Name.optional(), description: Description.optional(), settings: Settings.optional() })
      .strict(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = IntegrationView;
  export const response = responseOf<Response>();
}
