import { z } from 'zod';
import { Environment, Settings } from '../common';

/** The pointer form of a state: what a revision records and what the live integration holds. */
export const StateHead = z.object({
  name: z.string(),
  description: z.string(),
  settings: Settings,
  /** root hash of the resource tree in the object store */
  tree: z.string().regex(/^[0-9a-f]{64}$/),
});
export type StateHead = z.infer<typeof StateHead>;

export interface LiveState {
  integrationId: string;
  workspaceId: string;
  environment: Environment;
  version: number;
  deleted: boolean;
  head: StateHead;
}
