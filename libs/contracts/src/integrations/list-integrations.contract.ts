import { z } from 'zod';
import { Actor, Environment, IntegrationSummaryView, Page, PageRequest } from '../common';
import { responseOf } from '../contract';

export namespace ListIntegrations {
  export const pattern = 'integrations.integration.list';
  export const Request = z.object({
    actor: Actor,
    environment: Environment.optional(),
    /** set by the gateway for a member: the integrations it holds a grant on; nothing else is listed */
    onlyIds: z.array(z.string().uuid()).max(100_000).optional(),
    ...PageRequest,
  });
  export type Request = z.infer<typeof Request>;
  export type Response = Page<IntegrationSummaryView>;
  export const response = responseOf<Response>();
}
