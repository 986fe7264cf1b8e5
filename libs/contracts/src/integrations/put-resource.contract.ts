import { z } from 'zod';
import { Actor, ResourceInput, ResourceKey, ResourceView } from '../common';
import { responseOf } from '../contract';

export namespace PutResource {
  export const pattern = 'integrations.resource.put';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().max(100),
    key: ResourceKey,
    ifMatch: z.number().int().nonnegative().optional(),
    resource: ResourceInput,
  });
  export type Request = z.infer<typeof Request>;
  export type Response = { integrationId: string; version: number; created: boolean; resource: ResourceView };
  export const response = responseOf<Response>();
}
