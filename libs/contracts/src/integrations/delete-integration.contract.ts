import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';

export namespace DeleteIntegration {
  export const pattern = 'integrations.integration.delete';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().max(100),
    ifMatch: z.number().int().nonnegative().optional(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = { id: string; deleted: true };
  export const response = responseOf<Response>();
}
