import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { LiveState } from './live-state';

/** Service-to-service: the live head of an integration, for snapshots, diffs and reverts. */
export namespace GetLiveState {
  export const pattern = 'integrations.state.get';
  export const Request = z.object({ actor: Actor, integrationId: z.string().max(100) });
  export type Request = z.infer<typeof Request>;
  export type Response = LiveState;
  export const response = responseOf<Response>();
}
