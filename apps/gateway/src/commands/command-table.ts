import { Actor, UPSTREAM_COMMANDS, UpstreamCommand, UpstreamCommandKey } from '@ilm/contracts';
import { AccessRule } from '../auth/access.decorator';
import { IntegrationOperations } from '../operations/integration-operations';

export interface CommandRoute<K extends UpstreamCommandKey> {
  /** the same rule as the HTTP route, read from the body instead of the path */
  rule: AccessRule;
  run: (ops: IntegrationOperations, actor: Actor, body: UpstreamCommand<K>) => Promise<unknown>;
}

/** Each routing key of `ilm.commands`: who may, and what it does (the HTTP routes' own operations). */
export const COMMAND_ROUTES: { [K in UpstreamCommandKey]: CommandRoute<K> } = {
  'integration.resource.upsert': {
    rule: { action: 'resource.write', integrationParam: 'integrationId' },
    run: async (ops, actor, b) => (await ops.putResource(actor, b.integrationId, b.key, b.resource, b.ifMatch)).resource,
  },
  'integration.resource.delete': {
    rule: { action: 'resource.write', integrationParam: 'integrationId' },
    run: (ops, actor, b) => ops.deleteResource(actor, b.integrationId, b.key, b.ifMatch),
  },
  'integration.snapshot.create': {
    rule: { action: 'snapshot.create', integrationParam: 'integrationId' },
    run: (ops, actor, b) => ops.snapshot(actor, b.integrationId, b.description),
  },
  'integration.pull.open': {
    rule: { action: 'pull.create', integrationParam: 'integrationId', alsoBodyField: 'remoteIntegrationId' },
    run: (ops, actor, b) => ops.openPull(actor, b.integrationId, b.remoteIntegrationId, b.description),
  },
  'integration.pull.merge': {
    rule: { action: 'pull.merge', resolve: { kind: 'pull', param: 'pullId' } },
    run: (ops, actor, b) => ops.mergePull(actor, b.pullId, b.previewHash),
  },
  'integration.revert': {
    rule: { action: 'revert.apply', integrationParam: 'integrationId' },
    run: (ops, actor, b) => ops.revert(actor, b.integrationId, b.revisionId),
  },
};

export const isCommandKey = (key: string): key is UpstreamCommandKey => Object.prototype.hasOwnProperty.call(UPSTREAM_COMMANDS, key);
