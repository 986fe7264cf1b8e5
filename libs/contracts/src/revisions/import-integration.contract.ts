import { z } from 'zod';
import { Actor, Description, Environment, Name, Settings } from '../common';
import { responseOf } from '../contract';
import { ResourceWithKey } from '../integrations/create-integration.contract';
import { LIMITS } from '../limits';
import { BUNDLE_FORMAT, CloneView } from './pull-views';

/** A bundle becomes a new integration, linked as a clone when its lineage revision is in this workspace. */
export namespace ImportIntegration {
  export const pattern = 'revisions.integration.import';
  export const Request = z.object({
    actor: Actor,
    bundle: z.object({
      format: z.literal(BUNDLE_FORMAT),
      integration: z.object({ name: Name, description: Description.default(''), environment: Environment, settings: Settings.default({}) }),
      resources: z.array(ResourceWithKey).max(LIMITS.resourcesPerIntegration),
      lineage: z.object({ workspaceId: z.string().max(100), integrationId: z.string().max(100), revisionId: z.string().max(100).nullable() }).optional(),
    }),
    /** overrides of the bundle's name and environment */
    name: Name.optional(),
    environment: Environment.optional(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = Omit<CloneView, 'sourceRevisionId'> & { sourceRevisionId: string | null; linked: boolean };
  export const response = responseOf<Response>();
}
