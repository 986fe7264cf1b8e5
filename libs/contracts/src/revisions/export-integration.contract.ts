import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { BundleView } from './pull-views';

export namespace ExportIntegration {
  export const pattern = 'revisions.integration.export';
  export const Request = z.object({ actor: Actor, integrationId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = BundleView;
  export const response = responseOf<Response>();
}
