import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CommitLiveState, DomainError, LiveState, PullView, ResolvePull, StateHead } from '@ilm/contracts';
import { hashOf } from '@ilm/merge';
import { conflictsFound, lifecycleOperations } from '@ilm/messaging';
import { EventOutbox } from '@ilm/outbox';
import { TxWork } from '@ilm/storage';
import { IntegrationsClient } from '../integrations.client';
import { OperationLocks } from '../revisions/operation-locks';
import { RevisionRow, RevisionsRepository } from '../revisions/revisions.repository';
import { SnapshotService } from '../revisions/snapshot.service';
import { StateStore, summarize } from '../state/state-store';
import { PullPreviewer } from './pull-preview';
import { PullRow, PullsRepository, StoredPreview, StoredResolution } from './pulls.repository';

const requiresApproval = (live: LiveState) => live.head.settings.requireApproval === true;

/**
 * Pulls (SPEC §4): open (restore points of both sides, merge base, preview),
 * review (recomputed when current moved), resolve, approve, merge or cancel.
 * The merge moves current's head in one compare-and-set, idempotent by
 * operation id, so the integration is exactly its old or its new state whatever
 * crashes; an interrupted merge is settled by `resume()`.
 */
@Injectable()
export class PullService {
  constructor(
    private readonly pulls: PullsRepository,
    private readonly revisions: RevisionsRepository,
    private readonly snapshots: SnapshotService,
    private readonly states: StateStore,
    private readonly previewer: PullPreviewer,
    private readonly locks: OperationLocks,
    private readonly integrations: IntegrationsClient,
    private readonly events: EventOutbox,
  ) {}

  async open(actor: Actor, currentId: string, remoteId: string, description: string): Promise<PullView> {
    const ws = actor.workspaceId;
    if (currentId === remoteId) throw new DomainError('validation_failed', 'an integration cannot pull from itself');
    const [current, remote] = await Promise.all([this.snapshots.liveOf(actor, currentId), this.snapshots.liveOf(actor, remoteId)]);
    const [latestCurrent, latestRemote] = await Promise.all([
      this.revisions.latestCompleted(ws, currentId),
      this.revisions.latestCompleted(ws, remoteId),
    ]);
    // the restore points are taken while the preview is computed: the one depends not on the other
    const restorePoints = Promise.all([
      this.snapshots.record(actor, currentId, current.head, `Before pull from ${remoteId}`, { parents: latestCurrent ? [latestCurrent.id] : [] }),
      this.snapshots.record(actor, remoteId, remote.head, `Pulled into ${currentId}`, { parents: latestRemote ? [latestRemote.id] : [] }),
    ]);
    restorePoints.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    // each restore point's one parent is its side's newest revision: their merge base is the snapshots' merge base
    const base = latestCurrent && latestRemote ? await this.revisions.mergeBase(ws, latestCurrent.id, latestRemote.id) : undefined;
    if (!base) {
      await restorePoints;
      throw new DomainError('unrelated_integrations', 'these integrations share no history (neither is a clone of the other, nor of a common source)');
    }
    const id = randomUUID();
    const baseHead = await this.states.head(ws, base.state);
    const preview = await this.previewer.compute(ws, { base: baseHead, current: current.head, remote: remote.head }, {});
    const [currentSnap, remoteSnap] = await restorePoints;
    const row = await this.pulls.insert(ws, {
      id,
      currentIntegrationId: currentId,
      remoteIntegrationId: remoteId,
      baseRevisionId: base.id,
      currentSnapshotId: currentSnap.id,
      remoteSnapshotId: remoteSnap.id,
      description,
      createdBy: actor.userId,
      resolutions: {},
      preview,
      previewHash: this.hash(id, base, remoteSnap.state, preview, {}),
    }, () =>
      this.events.write(
        this.events.change(actor, 'pull.opened', 'pull.create', { type: 'integration', id: currentId }, {
          pullId: id,
          remoteIntegrationId: remoteId,
          baseRevisionId: base.id,
          changes: preview.changes.length,
          conflicts: preview.conflicts.length,
        }),
      ),
    );
    this.events.committed();
    for (const c of preview.conflicts) conflictsFound.inc({ kind: c.kind });
    return this.view(row, current);
  }

  /** The pull with a preview of current as it is now. */
  async get(actor: Actor, pullId: string): Promise<PullView> {
    const pull = await this.mustFind(actor, pullId);
    if (pull.status !== 'in_progress') return this.view(pull);
    const { pull: fresh, live } = await this.refreshed(actor, pull, pull.resolutions);
    return this.view(fresh, live);
  }

  async resolve(req: ResolvePull.Request): Promise<PullView> {
    const pull = await this.mustBeOpen(req.actor, req.pullId);
    const known = new Set(pull.preview.conflicts.map((c) => c.id));
    const resolutions: Record<string, StoredResolution> = { ...pull.resolutions };
    for (const r of req.resolutions) {
      if (!known.has(r.conflictId)) throw new DomainError('validation_failed', `this pull has no conflict ${r.conflictId}`, { conflictId: r.conflictId });
      resolutions[r.conflictId] = 'choice' in r ? { choice: r.choice } : { value: r.value };
    }
    const resolved = this.events.change(req.actor, 'pull.resolved', 'pull.resolve', { type: 'integration', id: pull.currentIntegrationId }, {
      pullId: pull.id,
      resolved: req.resolutions.map((r) => r.conflictId),
    });
    const { pull: fresh, live } = await this.refreshed(req.actor, pull, resolutions, { force: true, then: () => this.events.write(resolved) });
    this.events.committed();
    if (fresh.preview.invalid.length > 0) {
      throw new DomainError('invalid_reference', 'these resolutions would leave a flow referring to a missing resource', {
        conflictIds: fresh.preview.invalid,
      });
    }
    return this.view(fresh, live);
  }

  async approve(actor: Actor, pullId: string, previewHash: string): Promise<PullView> {
    const pull = await this.mustBeOpen(actor, pullId);
    if (pull.createdBy === actor.userId) {
      const reason = 'the author of a pull cannot approve it';
      await this.events.record(
        this.events.event({
          type: 'access.denied',
          workspaceId: actor.workspaceId,
          actor: { userId: actor.userId, tokenId: actor.tokenId ?? null },
          action: 'pull.approve',
          target: { type: 'integration', id: pull.currentIntegrationId },
          outcome: 'denied',
          data: { pullId: pull.id, reason },
        }),
      );
      throw new DomainError('forbidden', reason);
    }
    const { pull: fresh } = await this.refreshed(actor, pull, pull.resolutions);
    if (previewHash !== fresh.previewHash) throw this.stale(fresh);
    const approval = { userId: actor.userId, previewHash, approvedAt: new Date().toISOString() };
    const approved = await this.pulls.addApproval(actor.workspaceId, pull.id, approval, () =>
      this.events.write(this.events.change(actor, 'pull.approved', 'pull.approve', { type: 'integration', id: pull.currentIntegrationId }, { pullId: pull.id, previewHash })),
    );
    this.events.committed();
    return this.view(approved);
  }

  async cancel(actor: Actor, pullId: string): Promise<PullView> {
    const pull = await this.mustBeOpen(actor, pullId);
    if (pull.operationId && (await this.revisions.hasInProgress(actor.workspaceId, pull.operationId))) {
      throw new DomainError('operation_in_progress', 'this pull is being merged');
    }
    const canceled = await this.pulls.finish(actor.workspaceId, pull.id, 'canceled', {
      then: () => this.events.write(this.events.change(actor, 'pull.canceled', 'pull.cancel', { type: 'integration', id: pull.currentIntegrationId }, { pullId: pull.id })),
    });
    this.events.committed();
    return this.view(canceled);
  }

  async merge(actor: Actor, pullId: string, previewHash: string): Promise<PullView> {
    const ws = actor.workspaceId;
    const pull = await this.mustBeOpen(actor, pullId);
    const operationId = randomUUID();
    await this.locks.acquire(ws, pull.currentIntegrationId, operationId, 'pull');
    let settled = true;
    try {
      const { pull: fresh, live } = await this.refreshed(actor, pull, pull.resolutions);
      if (previewHash !== fresh.previewHash) throw this.stale(fresh);
      const open = fresh.preview.conflicts.filter((c) => !c.resolution);
      if (open.length > 0) {
        throw new DomainError('unresolved_conflicts', `${open.length} conflict(s) need a resolution first`, { conflictIds: open.map((c) => c.id) });
      }
      if (requiresApproval(live) && !fresh.approvals.some((a) => a.previewHash === fresh.previewHash && a.userId !== fresh.createdBy)) {
        throw new DomainError('approval_required', 'this integration requires an approval of this preview by another user', { previewHash });
      }
      // the pull knows its operation before the revision exists, so a crash at any point can be settled
      const [, before] = await Promise.all([this.pulls.startMerge(ws, pull.id, operationId, live.version), this.restorePoint(actor, pull, live)]);
      const revision = await this.snapshots.record(actor, pull.currentIntegrationId, fresh.preview.merged, pull.description || `Pull from ${pull.remoteIntegrationId}`, {
        type: 'pull',
        status: 'in_progress',
        parents: [before.id, pull.remoteSnapshotId],
        operationId,
        // the preview's changes are exactly those from the restore point (current as it is) to the merged state
        summary: summarize(fresh.preview.changes),
      });
      settled = false;
      const outcome = await this.commit(actor, { ...fresh, operationId, mergeVersion: live.version }, revision);
      settled = true;
      return outcome;
    } finally {
      // an unknown outcome (integrations unreachable) keeps the lock until the recovery loop settles it
      if (settled) await this.locks.release(ws, pull.currentIntegrationId, operationId);
    }
  }

  /** Settles a merge whose caller went away (crash, timeout): the same commit, the same operation id. */
  async resume(revision: RevisionRow): Promise<void> {
    const pull = await this.pulls.findByOperation(revision.workspaceId, revision.operationId!);
    if (!pull || pull.mergeVersion === undefined) {
      await this.revisions.setStatus(revision.workspaceId, revision.id, 'failed', 'the merge that made this revision was abandoned');
      return;
    }
    const actor: Actor = { userId: pull.createdBy, workspaceId: pull.workspaceId, role: 'owner' };
    try {
      await this.commit(actor, pull, revision);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'service_unavailable') throw err;
    }
  }

  private async commit(actor: Actor, pull: PullRow, revision: RevisionRow): Promise<PullView> {
    const ws = actor.workspaceId;
    const head: StateHead = await this.states.head(ws, revision.state);
    try {
      await this.integrations.send(CommitLiveState, {
        actor,
        integrationId: pull.currentIntegrationId,
        operationId: pull.operationId!,
        expectedVersion: pull.mergeVersion!,
        head,
      });
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'version_mismatch' || err.code === 'not_found')) {
        const reason = err.code === 'version_mismatch' ? 'the integration changed while the pull was merged' : 'the integration was deleted';
        await this.revisions.setStatus(ws, revision.id, 'failed', reason);
        const failed = await this.pulls.finish(ws, pull.id, 'failed', {
          revisionId: revision.id,
          failureReason: reason,
          then: () => this.events.write(this.events.change(actor, 'pull.failed', 'pull.merge', { type: 'integration', id: pull.currentIntegrationId }, { pullId: pull.id, reason })),
        });
        this.events.committed();
        lifecycleOperations.inc({ kind: 'pull', outcome: 'failed' });
        return this.view(failed);
      }
      throw err;
    }
    await this.revisions.setStatus(ws, revision.id, 'completed', undefined, (completed) =>
      this.events.write(
        this.snapshots.created(actor, completed),
        this.events.change(actor, 'pull.merged', 'pull.merge', { type: 'integration', id: pull.currentIntegrationId }, {
          pullId: pull.id,
          revisionId: revision.id,
          remoteIntegrationId: pull.remoteIntegrationId,
          summary: completed.summary,
        }),
      ),
    );
    this.events.committed();
    // the restore point after, and the pull's end, hang on nothing but the completed revision
    const [, done] = await Promise.all([
      this.snapshots.record(actor, pull.currentIntegrationId, head, `After merging pull ${pull.id}`, { parents: [revision.id], summary: summarize([]) }),
      this.pulls.finish(ws, pull.id, 'completed', { revisionId: revision.id }),
    ]);
    lifecycleOperations.inc({ kind: 'pull', outcome: 'completed' });
    return this.view(done);
  }

  /**
   * The restore point before a merge: the snapshot taken when the pull was
   * opened when current has not moved since (it is still its newest revision,
   * of the same state), else a new one.
   */
  private async restorePoint(actor: Actor, pull: PullRow, live: LiveState): Promise<RevisionRow> {
    const latest = await this.revisions.latestCompleted(actor.workspaceId, pull.currentIntegrationId);
    if (latest && latest.id === pull.currentSnapshotId && latest.state === this.states.addressOf(live.head)) return latest;
    return this.snapshots.record(actor, pull.currentIntegrationId, live.head, `Before merging pull ${pull.id}`);
  }

  /**
   * The pull with its preview for current as it is now and the given
   * resolutions: the stored one when nothing moved, else recomputed and saved
   * (a new hash, which approvals of the old one no longer match).
   */
  private async refreshed(
    actor: Actor,
    pull: PullRow,
    resolutions: Record<string, StoredResolution>,
    opts: { force?: boolean; then?: () => TxWork } = {},
  ): Promise<{ pull: PullRow; live: LiveState }> {
    const ws = actor.workspaceId;
    const live = await this.snapshots.liveOf(actor, pull.currentIntegrationId);
    if (!opts.force && pull.preview.currentState === this.states.addressOf(live.head)) return { pull, live };
    const [base, remoteSnap] = await Promise.all([this.revisions.find(ws, pull.baseRevisionId), this.revisions.find(ws, pull.remoteSnapshotId)]);
    const [baseHead, remoteHead] = await Promise.all([this.states.head(ws, base!.state), this.states.head(ws, remoteSnap!.state)]);
    const preview = await this.previewer.compute(ws, { base: baseHead, current: live.head, remote: remoteHead }, resolutions);
    const hash = this.hash(pull.id, base!, remoteSnap!.state, preview, resolutions);
    return { pull: await this.pulls.savePreview(ws, pull.id, preview, hash, resolutions, opts.then), live };
  }

  /** Covers base, both sides' states and the resolutions (SPEC §4). */
  private hash(pullId: string, base: RevisionRow, remoteState: string, preview: StoredPreview, resolutions: Record<string, StoredResolution>): string {
    return hashOf({
      pullId,
      base: base.state,
      current: preview.currentState,
      remote: remoteState,
      resolutions,
      merged: this.states.addressOf(preview.merged),
    });
  }

  private stale(pull: PullRow): DomainError {
    return new DomainError('stale_preview', 'the preview changed (the integration was edited, or resolutions changed); review it again', {
      previewHash: pull.previewHash,
    });
  }

  private async mustFind(actor: Actor, pullId: string): Promise<PullRow> {
    const row = await this.pulls.find(actor.workspaceId, pullId);
    if (!row) throw new DomainError('not_found', 'pull not found');
    return row;
  }

  private async mustBeOpen(actor: Actor, pullId: string): Promise<PullRow> {
    const pull = await this.mustFind(actor, pullId);
    if (pull.status !== 'in_progress') throw new DomainError('conflict', `this pull is ${pull.status}`);
    return pull;
  }

  async integrationOf(actor: Actor, pullId: string): Promise<string> {
    return (await this.mustFind(actor, pullId)).currentIntegrationId;
  }

  private view(row: PullRow, live?: LiveState): PullView {
    return {
      id: row.id,
      currentIntegrationId: row.currentIntegrationId,
      remoteIntegrationId: row.remoteIntegrationId,
      baseRevisionId: row.baseRevisionId,
      status: row.status,
      description: row.description,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      changes: row.preview.changes,
      conflicts: row.preview.conflicts,
      previewHash: row.previewHash,
      approvals: row.approvals.map((a) => ({ ...a, valid: a.previewHash === row.previewHash })),
      requireApproval: live ? requiresApproval(live) : row.preview.merged.settings.requireApproval === true,
      ...(row.revisionId ? { revisionId: row.revisionId } : {}),
      ...(row.failureReason ? { failureReason: row.failureReason } : {}),
    };
  }
}
