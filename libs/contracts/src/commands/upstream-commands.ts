import { z } from 'zod';
import { Description, ResourceKey } from '../common';

/**
 * The commands upstream systems publish to the `ilm.commands` topic exchange
 * (SPEC §7): routing key → body. Bodies mirror the HTTP requests; the token is
 * in the `authorization` header, never in the body. Routing keys are public
 * protocol: never rename one.
 */
const Id = z.string().max(100);
const IfMatch = z.number().int().nonnegative().optional();

export const UPSTREAM_COMMANDS = {
  'integration.resource.upsert': z.object({ integrationId: Id, key: ResourceKey, resource: z.record(z.string(), z.unknown()), ifMatch: IfMatch }).strict(),
  'integration.resource.delete': z.object({ integrationId: Id, key: ResourceKey, ifMatch: IfMatch }).strict(),
  'integration.snapshot.create': z.object({ integrationId: Id, description: Description.default('') }).strict(),
  'integration.pull.open': z.object({ integrationId: Id, remoteIntegrationId: Id, description: Description.default('') }).strict(),
  'integration.pull.merge': z.object({ pullId: Id, previewHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  'integration.revert': z.object({ integrationId: Id, revisionId: Id }).strict(),
} as const;

export type UpstreamCommandKey = keyof typeof UPSTREAM_COMMANDS;
export type UpstreamCommand<K extends UpstreamCommandKey> = z.infer<(typeof UPSTREAM_COMMANDS)[K]>;

/** What a command's `reply_to` receives, with the command's `correlation_id`. */
export type CommandReply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };
