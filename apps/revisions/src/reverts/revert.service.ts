import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CommitLiveState, DomainError, LiveState, RevertView } from '@ilm/contracts';
import { hashOf } from '@ilm/merge';
import { lifecycleOperations } from '@ilm/messaging';
import { EventOutbox } from '@ilm/outbox';
import { IntegrationsClient } from '../integrations.client';
import { OperationLocks } from '../revisions/operation-locks';
import { RevisionRow, RevisionsRepository } from '../revisions/revisions.repository';
import { SnapshotService } from '../revisions/snapshot.service';
import { StateStore, summarize } from '../state/state-store';
import { RevertRow, RevertsRepository, toRevertView } from './reverts.repository';

/**
 * Revert = preview, then apply. Apply takes a restore point, records a `revert`
 * revision as in_progress, compare-and-sets the live head in the integrations
 * service (idempotent by operation id), then completes the revision and takes
 * the after restore point. The live head moves in one step, so the integration
 * is always exactly the old or the new state; a crash in between is settled by
 * `resume()`, which replays the same commit.
 */
@Injectable()
export class RevertService {
  constructor(
    private readonly reverts: RevertsRepository,
    private readonly revisions: RevisionsRepository,
    private readonly snapshots: SnapshotService,
    private readonly states: StateStore,
    private readonly locks: OperationLocks,
    private readonly integrations: IntegrationsClient,
    private readonly events: EventOutbox,
  ) {}

  async preview(actor: Actor, integrationId: string, revisionId: string): Promise<RevertView> {
    const ws = actor.workspaceId;
    const target = await this.revisions.find(ws, revisionId);
    if (!target) throw new DomainError('not_found', 'revision not found');
    if (target.integrationId !== integrationId) {
      throw new DomainError('validation_failed', 'that revision belongs to another integration; pull from it instead');
    }
    if (target.status !== 'completed') throw new DomainError('conflict', `cannot revert to a ${target.status} revision`);
    const live = await this.snapshots.liveOf(actor, integrationId);
    const targetHead = await this.states.head(ws, target.state);
    const changes = await this.states.diff(ws, live.head, targetHead);
    const row = await this.reverts.insert(ws, {
      id: randomUUID(),
      integrationId,
      targetRevisionId: target.id,
      baseVersion: live.version,
      previewHash: this.previewHash(live, target),
      changes,
      operationId: randomUUID(),
      createdBy: actor.userId,
    });
    return toRevertView(row);
  }

  async get(actor: Actor, revertId: string): Promise<RevertView> {
    return toRevertView(await this.mustFind(actor, revertId));
  }

  async apply(actor: Actor, revertId: string, previewHash: string): Promise<RevertView> {
    const ws = actor.workspaceId;
    const revert = await this.mustFind(actor, revertId);
    if (revert.status !== 'in_progress') throw new DomainError('conflict', `this revert is already ${revert.status}`);
    await this.locks.acquire(ws, revert.integrationId, revert.operationId, 'revert');
    let settled = true;
    try {
      const target = (await this.revisions.find(ws, revert.targetRevisionId))!;
      const live = await this.snapshots.liveOf(actor, revert.integrationId);
      const current = this.previewHash(live, target);
      if (previewHash !== revert.previewHash || current !== revert.previewHash) {
        throw new DomainError('stale_preview', 'the integration changed since this preview; open a new revert preview', {
          previewHash: revert.previewHash,
        });
      }
      const [targetHead, before] = await Promise.all([
        this.states.head(ws, target.state),
        this.snapshots.record(actor, revert.integrationId, live.head, `Before revert to #${target.seq}`),
      ]);
      const revision = await this.snapshots.record(actor, revert.integrationId, targetHead, `Revert to #${target.seq}`, {
        type: 'revert',
        status: 'in_progress',
        parents: [before.id, target.id],
        // the lineage of the state it restores: pulls undone by the revert are forgotten by merge bases too
        lineage: [target.id],
        operationId: revert.operationId,
        // the preview's changes are exactly those from the restore point (live as it is) to the target
        summary: summarize(revert.changes),
      });
      settled = false;
      const outcome = await this.commit(actor, revert, revision, live.version);
      settled = true;
      return outcome;
    } finally {
      // an unknown outcome (integrations unreachable) keeps the lock until the recovery loop settles it
      if (settled) await this.locks.release(ws, revert.integrationId, revert.operationId);
    }
  }

  /** Replays the commit of one in-progress revert revision and records its outcome. */
  private async commit(actor: Actor, revert: RevertRow, revision: RevisionRow, expectedVersion: number): Promise<RevertView> {
    const ws = actor.workspaceId;
    const head = await this.states.head(ws, revision.state);
    try {
      await this.integrations.send(CommitLiveState, {
        actor,
        integrationId: revert.integrationId,
        operationId: revert.operationId,
        expectedVersion,
        head,
      });
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'version_mismatch' || err.code === 'not_found')) {
        const reason = err.code === 'version_mismatch' ? 'the integration changed while the revert was applied' : 'the integration was deleted';
        await this.revisions.setStatus(ws, revision.id, 'failed', reason);
        await this.reverts.finish(ws, revert.id, 'failed', revision.id, reason);
        lifecycleOperations.inc({ kind: 'revert', outcome: 'failed' });
        throw new DomainError(err.code === 'version_mismatch' ? 'stale_preview' : 'not_found', reason);
      }
      throw err;
    }
    await this.revisions.setStatus(ws, revision.id, 'completed', undefined, (completed) =>
      this.events.write(
        this.snapshots.created(actor, completed),
        this.events.change(actor, 'revert.applied', 'revert.apply', { type: 'integration', id: revert.integrationId }, {
          revertId: revert.id,
          revisionId: revision.id,
          targetRevisionId: revert.targetRevisionId,
        }),
      ),
    );
    this.events.committed();
    lifecycleOperations.inc({ kind: 'revert', outcome: 'completed' });
    await this.snapshots.record(actor, revert.integrationId, head, `After: ${revision.description}`, { parents: [revision.id], summary: summarize([]) });
    return toRevertView(await this.reverts.finish(ws, revert.id, 'completed', revision.id));
  }

  /** Settles a revert whose caller went away (crash, timeout): the same commit, the same operation id. */
  async resume(revision: RevisionRow): Promise<void> {
    const revert = await this.reverts.findByOperation(revision.workspaceId, revision.operationId!);
    if (!revert) {
      await this.revisions.setStatus(revision.workspaceId, revision.id, 'failed', 'the revert that made this revision was abandoned');
      return;
    }
    const actor: Actor = { userId: revert.createdBy, workspaceId: revert.workspaceId, role: 'owner' };
    try {
      await this.commit(actor, revert, revision, revert.baseVersion);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'service_unavailable') throw err;
    }
  }

  private previewHash(live: LiveState, target: RevisionRow): string {
    return hashOf({ kind: 'revert', integrationId: live.integrationId, version: live.version, live: this.states.addressOf(live.head), target: target.state });
  }

  private async mustFind(actor: Actor, revertId: string): Promise<RevertRow> {
    const row = await this.reverts.find(actor.workspaceId, revertId);
    if (!row) throw new DomainError('not_found', 'revert not found');
    return row;
  }
}
