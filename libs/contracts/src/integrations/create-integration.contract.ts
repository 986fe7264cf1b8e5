import { z } from 'zod';
import { Actor, Description, Environment, IntegrationView, Name, ResourceInput, ResourceKey, Settings } from '../common';
import { responseOf } from '../contract';
import { LIMITS } from '../limits';

export const ResourceWithKey = ResourceInput.and(z.object({ key: ResourceKey }));

export namespace CreateIntegration {
  export const pattern = 'integrations.integration.create';
  export const Request = z.object({
    actor: Actor,
    name: Name,
    environment: Environment,
    description: Description.default(''),
    settings: Settings.default({}),
    resources: z.array(ResourceWithKey).max(LIMITS.resourcesPerIntegration).default([]),
    /** service-to-service (clones): the root of an existing tree to start from instead of `resources` */
    tree: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    source: z.object({ integrationId: z.string().uuid(), revisionId: z.string().uuid() }).optional(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = IntegrationView;
  export const response = responseOf<Response>();
}
