import { Injectable } from '@nestjs/common';
import { Actor, BUNDLE_FORMAT, BundleView, CloneView, CreateIntegration, ImportIntegration, StateHead } from '@ilm/contracts';
import { IntegrationsClient } from '../integrations.client';
import { RevisionsRepository } from '../revisions/revisions.repository';
import { SnapshotService } from '../revisions/snapshot.service';
import { StateStore } from '../state/state-store';

/**
 * New integrations that keep their lineage: clones (a pointer to the source's
 * tree, linked source snapshot → clone revision) and imports of bundles
 * (linked the same way when the bundle's revision is in this workspace).
 */
@Injectable()
export class CloneService {
  constructor(
    private readonly snapshots: SnapshotService,
    private readonly revisions: RevisionsRepository,
    private readonly states: StateStore,
    private readonly integrations: IntegrationsClient,
  ) {}

  async clone(actor: Actor, sourceId: string, name: string, environment: CreateIntegration.Request['environment']): Promise<CloneView> {
    const live = await this.snapshots.liveOf(actor, sourceId);
    const source = await this.snapshots.record(actor, sourceId, live.head, `Cloned to "${name}"`);
    const integration = await this.integrations.send(CreateIntegration, {
      actor,
      name,
      environment,
      description: live.head.description,
      settings: live.head.settings,
      tree: live.head.tree,
      source: { integrationId: sourceId, revisionId: source.id },
    });
    const head: StateHead = { ...live.head, name };
    const first = await this.snapshots.record(actor, integration.id, head, `Cloned from revision #${source.seq}`, { parents: [source.id] });
    return { integration, sourceRevisionId: source.id, revisionId: first.id };
  }

  async export(actor: Actor, integrationId: string): Promise<BundleView> {
    const live = await this.snapshots.liveOf(actor, integrationId);
    const [state, latest] = await Promise.all([
      this.states.materialize(actor.workspaceId, live.head),
      this.revisions.latestCompleted(actor.workspaceId, integrationId),
    ]);
    return {
      format: BUNDLE_FORMAT,
      exportedAt: new Date().toISOString(),
      integration: { name: state.name, description: state.description, environment: live.environment, settings: state.settings },
      resources: state.resources,
      lineage: { workspaceId: actor.workspaceId, integrationId, revisionId: latest?.id ?? null },
    };
  }

  async import(req: ImportIntegration.Request): Promise<ImportIntegration.Response> {
    const { actor, bundle } = req;
    const lineage = bundle.lineage;
    // a revision of another workspace is never looked up: its id means nothing here
    const parent =
      lineage?.revisionId && lineage.workspaceId === actor.workspaceId ? await this.revisions.find(actor.workspaceId, lineage.revisionId) : undefined;
    const linked = parent?.status === 'completed' ? parent : undefined;
    const integration = await this.integrations.send(CreateIntegration, {
      actor,
      name: req.name ?? bundle.integration.name,
      environment: req.environment ?? bundle.integration.environment,
      description: bundle.integration.description,
      settings: bundle.integration.settings,
      resources: bundle.resources,
      ...(linked ? { source: { integrationId: linked.integrationId, revisionId: linked.id } } : {}),
    });
    const live = await this.snapshots.liveOf(actor, integration.id);
    const first = await this.snapshots.record(actor, integration.id, live.head, linked ? `Imported from revision #${linked.seq}` : 'Imported', {
      parents: linked ? [linked.id] : [],
    });
    return { integration, sourceRevisionId: linked?.id ?? null, revisionId: first.id, linked: linked !== undefined };
  }
}
