import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { StateHead } from './live-state';

/**
 * Service-to-service: compare-and-set the live head (reverts, merges).
 * Idempotent by `operationId`: a redelivered or retried commit answers the
 * first outcome instead of applying twice.
 */
export namespace CommitLiveState {
  export const pattern = 'integrations.state.commit';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().max(100),
    operationId: z.string().uuid(),
    expectedVersion: z.number().int().nonnegative(),
    head: StateHead,
  });
  export type Request = z.infer<typeof Request>;
  export type Response = { integrationId: string; version: number; applied: boolean };
  export const response = responseOf<Response>();
}
