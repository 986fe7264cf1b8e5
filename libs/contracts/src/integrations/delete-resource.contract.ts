import { z } from 'zod';
import { Actor, ResourceKey } from '../common';
import { responseOf } from '../contract';

export namespace DeleteResource {
  export const pattern = 'integrations.resource.delete';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().max(100),
    key: ResourceKey,
    ifMatch: z.number().int().nonnegative().optional(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = { integrationId: string; version: number; key: string; deleted: true };
  export const response = responseOf<Response>();
}
