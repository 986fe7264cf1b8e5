import { Injectable } from '@nestjs/common';
import { Actor, DiffView, DomainError, Page, RevisionDetailView, RevisionView } from '@ilm/contracts';
import { SnapshotService } from './snapshot.service';
import { StateStore } from '../state/state-store';
import { RevisionsRepository, toRevisionView } from './revisions.repository';

/** Reading revisions: list, one with its state, diffs. Revisions outlive their integration. */
@Injectable()
export class RevisionQueryService {
  constructor(
    private readonly revisions: RevisionsRepository,
    private readonly states: StateStore,
    private readonly snapshots: SnapshotService,
  ) {}

  async list(actor: Actor, integrationId: string, cursor: string | undefined, limit: number): Promise<Page<RevisionView>> {
    const beforeSeq = cursor === undefined ? undefined : Number(cursor);
    if (beforeSeq !== undefined && (!Number.isInteger(beforeSeq) || beforeSeq < 1)) throw new DomainError('validation_failed', 'invalid cursor');
    const rows = await this.revisions.list(actor.workspaceId, integrationId, beforeSeq, limit + 1);
    if (rows.length === 0 && beforeSeq === undefined) {
      // no revisions yet: still 404 for an integration that does not exist (or is another workspace's)
      await this.snapshots.liveOf(actor, integrationId);
    }
    const page = rows.slice(0, limit);
    return { items: page.map(toRevisionView), nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null };
  }

  async get(actor: Actor, revisionId: string): Promise<RevisionDetailView> {
    const row = await this.mustFind(actor, revisionId);
    const head = await this.states.head(actor.workspaceId, row.state);
    return { ...toRevisionView(row), state: await this.states.materialize(actor.workspaceId, head) };
  }

  async diff(actor: Actor, revisionId: string, against: string): Promise<DiffView> {
    const from = await this.mustFind(actor, revisionId);
    const fromHead = await this.states.head(actor.workspaceId, from.state);
    let toHead;
    if (against === 'live') {
      toHead = (await this.snapshots.liveOf(actor, from.integrationId)).head;
    } else {
      const to = await this.mustFind(actor, against);
      toHead = await this.states.head(actor.workspaceId, to.state);
    }
    return { from: from.id, to: against, changes: await this.states.diff(actor.workspaceId, fromHead, toHead) };
  }

  async find(actor: Actor, revisionId: string): Promise<RevisionView> {
    return toRevisionView(await this.mustFind(actor, revisionId));
  }

  private async mustFind(actor: Actor, revisionId: string) {
    const row = await this.revisions.find(actor.workspaceId, revisionId);
    if (!row) throw new DomainError('not_found', `revision ${revisionId.slice(0, 100)} not found`);
    return row;
  }
}
