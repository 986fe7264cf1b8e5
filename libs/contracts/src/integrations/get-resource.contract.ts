import { z } from 'zod';
import { Actor, ResourceKey, ResourceView } from '../common';
import { responseOf } from '../contract';

export namespace GetResource {
  export const pattern = 'integrations.resource.get';
  export const Request = z.object({ actor: Actor, integrationId: z.string().max(100), key: ResourceKey });
  export type Request = z.infer<typeof Request>;
  export type Response = { integrationId: string; version: number; resource: ResourceView };
  export const response = responseOf<Response>();
}
