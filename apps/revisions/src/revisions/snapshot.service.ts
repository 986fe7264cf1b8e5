import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, DomainError, DomainEvent, GetLiveState, LiveState, RevisionStatus, RevisionSummary, RevisionType, StateHead } from '@ilm/contracts';
import { EMPTY_TREE } from '@ilm/storage';
import { EventOutbox } from '@ilm/outbox';
import { IntegrationsClient } from '../integrations.client';
import { StateStore, summarize } from '../state/state-store';
import { RevisionRow, RevisionsRepository } from './revisions.repository';

export interface RecordOptions {
  type?: RevisionType;
  status?: RevisionStatus;
  /** defaults to the integration's latest completed revision */
  parents?: string[];
  operationId?: string;
  /** parents for merge-base search, when not `parents` (a revert's target) */
  lineage?: string[];
  /** the changes against the first parent, when the caller knows them already */
  summary?: RevisionSummary;
}

/** Records revisions: a snapshot writes one small state object that points at the live tree. */
@Injectable()
export class SnapshotService {
  constructor(
    private readonly revisions: RevisionsRepository,
    private readonly states: StateStore,
    private readonly integrations: IntegrationsClient,
    private readonly events: EventOutbox,
  ) {}

  async liveOf(actor: Actor, integrationId: string): Promise<LiveState> {
    const live = await this.integrations.send(GetLiveState, { actor, integrationId });
    if (live.deleted) throw new DomainError('not_found', 'integration not found');
    return live;
  }

  async snapshot(actor: Actor, integrationId: string, description: string): Promise<RevisionRow> {
    const live = await this.liveOf(actor, integrationId);
    return this.record(actor, integrationId, live.head, description);
  }

  /** Stores `head` as a new revision of the integration, summarised against its first parent. */
  async record(actor: Actor, integrationId: string, head: StateHead, description: string, opts: RecordOptions = {}): Promise<RevisionRow> {
    const ws = actor.workspaceId;
    const state = await this.states.write(ws, head);
    let parents = opts.parents;
    if (!parents) {
      const latest = await this.revisions.latestCompleted(ws, integrationId);
      parents = latest ? [latest.id] : [];
    }
    const summary = opts.summary ?? (await this.summaryAgainst(ws, parents[0], head));
    const revision = {
      id: randomUUID(),
      integrationId,
      type: opts.type ?? 'snapshot',
      status: opts.status ?? 'completed',
      description,
      createdBy: actor.userId,
      parents,
      summary,
      state,
      operationId: opts.operationId,
      lineage: opts.lineage,
    };
    // the event's seq is filled in by the insert that assigns it
    const event = revision.status === 'completed' ? this.created(actor, { ...revision, seq: 0 }) : undefined;
    const row = await this.revisions.insert(ws, revision, event);
    if (event) this.events.committed();
    return row;
  }

  private async summaryAgainst(ws: string, parentId: string | undefined, head: StateHead): Promise<RevisionSummary> {
    const first = parentId ? await this.revisions.find(ws, parentId) : undefined;
    const from: StateHead = first ? await this.states.head(ws, first.state) : { name: '', description: '', settings: {}, tree: EMPTY_TREE };
    return summarize(await this.states.diff(ws, from, head, { fields: false }));
  }

  /** The `revision.created` event of a revision that is (now) completed. */
  created(actor: Actor, row: Pick<RevisionRow, 'id' | 'seq' | 'type' | 'integrationId' | 'parents' | 'summary'>): DomainEvent {
    return this.events.change(actor, 'revision.created', `${row.type}.create`, { type: 'integration', id: row.integrationId }, {
      revisionId: row.id,
      seq: row.seq,
      type: row.type,
      parents: row.parents,
      summary: row.summary,
    });
  }
}
