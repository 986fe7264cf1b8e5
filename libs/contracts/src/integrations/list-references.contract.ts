import { z } from 'zod';
import { Actor, ResourceKey } from '../common';
import { responseOf } from '../contract';

export namespace ListReferences {
  export const pattern = 'integrations.resource.references';
  export const Request = z.object({ actor: Actor, integrationId: z.string().max(100), key: ResourceKey });
  export type Request = z.infer<typeof Request>;
  export type Response = { key: string; items: { flowKey: string; stepIds: string[] }[] };
  export const response = responseOf<Response>();
}
