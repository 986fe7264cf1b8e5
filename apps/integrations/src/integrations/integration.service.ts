import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor,
  CommitLiveState,
  DomainEvent,
  CreateIntegration,
  DomainError,
  IntegrationSummaryView,
  IntegrationView,
  LIMITS,
  ListIntegrations,
  LiveState,
  Page,
  PutResource,
  ResourceView,
  StateHead,
  UpdateIntegration,
} from '@ilm/contracts';
import { OBJECT_STORE, ObjectStore, ResourceTree, TreeEntry, TxWork, allWork, readValues, writeValues } from '@ilm/storage';
import { EventOutbox } from '@ilm/outbox';
import { CredentialVault } from '../credentials/credential-vault';
import { CredentialsRepository } from '../credentials/credentials.repository';
import { IntegrationRow, IntegrationsRepository } from './integrations.repository';
import {
  ResourceBody,
  assertReferences,
  brokenReferences,
  normalizeResource,
  referencesTo,
  toResourceView,
} from './resource-rules';

/** How often a write without If-Match re-reads and retries after losing a compare-and-set race. */
const CAS_ATTEMPTS = 40;

/** Runs tasks one after the other per key (and concurrently across keys). */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** Jittered, growing pause between compare-and-set attempts, so racing writers spread out instead of colliding again. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 + attempt * 2) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

@Injectable()
export class IntegrationService {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly credentials: CredentialsRepository,
    private readonly vault: CredentialVault,
    private readonly tree: ResourceTree,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly events: EventOutbox,
  ) {}

  private readonly writers = new KeyedQueue();

  async create(req: CreateIntegration.Request): Promise<IntegrationView> {
    const ws = req.actor.workspaceId;
    const id = randomUUID();
    const seen = new Set<string>();
    const normalized = req.resources.map((r) => {
      if (seen.has(r.key)) throw new DomainError('validation_failed', `duplicate resource key "${r.key}"`);
      seen.add(r.key);
      return normalizeResource(r.key, r);
    });
    const types = new Map(normalized.map((n) => [n.body.key, n.body.type as string]));
    assertReferences(brokenReferences(normalized.map((n) => n.body).filter((b) => b.type === 'flow'), (k) => types.get(k)));

    let root: string;
    let resourceCount = normalized.length;
    if (req.tree) {
      // a clone: the source's tree, shared, not copied (size also proves the root is in this workspace's store)
      if (normalized.length > 0) throw new DomainError('validation_failed', 'give either resources or a tree, not both');
      root = req.tree;
      resourceCount = await this.tree.size(ws, root);
    } else {
      const hashes = await writeValues(this.store, ws, normalized.map((n) => n.body));
      root = (await this.tree.build(ws, normalized.map((n, i): TreeEntry => [n.body.key, hashes[i]]))).root;
    }
    const creds = this.sealedChanges(ws, id, normalized.map((n) => [n.body.key, n.sealedCredentials]));
    const event = this.events.change(req.actor, 'integration.created', 'integration.create', { type: 'integration', id }, {
      name: req.name,
      environment: req.environment,
      version: 1,
      resources: resourceCount,
      ...(req.source ? { source: req.source } : {}),
    });
    const row = await this.integrations.insert(
      {
        workspaceId: ws,
        id,
        environment: req.environment,
        name: req.name,
        description: req.description,
        settings: req.settings,
        tree: root,
        resourceCount,
        version: 1,
        ...(req.source ? { source: req.source } : {}),
      },
      allWork(creds.size > 0 ? CredentialsRepository.write(ws, id, creds) : undefined, this.events.write(event)),
    );
    this.events.committed();
    return this.view(row);
  }

  async list(req: ListIntegrations.Request): Promise<Page<IntegrationSummaryView>> {
    const after = req.cursor ? decodeCursor(req.cursor) : undefined;
    const rows = await this.integrations.list(req.actor.workspaceId, { environment: req.environment, onlyIds: req.onlyIds, after, limit: req.limit + 1 });
    const page = rows.slice(0, req.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ ...summaryOf(r) })),
      nextCursor: rows.length > req.limit && last ? encodeCursor(last) : null,
    };
  }

  async get(actor: Actor, integrationId: string): Promise<IntegrationView> {
    return this.view(await this.mustFind(actor, integrationId));
  }

  async getResource(actor: Actor, integrationId: string, key: string): Promise<{ integrationId: string; version: number; resource: ResourceView }> {
    const row = await this.mustFind(actor, integrationId);
    const hash = await this.tree.lookup(row.workspaceId, row.tree, key);
    if (!hash) throw new DomainError('not_found', `integration has no resource "${key}"`);
    const body = (await readValues<ResourceBody>(this.store, row.workspaceId, [hash])).get(hash)!;
    const withCreds = body.type === 'connection' ? await this.credentials.keysWithCredentials(row.workspaceId, row.id) : new Set<string>();
    return { integrationId: row.id, version: row.version, resource: toResourceView(body, withCreds) };
  }

  async update(req: UpdateIntegration.Request): Promise<IntegrationView> {
    const row = await this.withRetry(req.actor, req.integrationId, req.ifMatch, async (current) => ({
      head: {
        name: req.patch.name ?? current.name,
        description: req.patch.description ?? current.description,
        settings: req.patch.settings ?? current.settings,
        tree: current.tree,
        resourceCount: current.resourceCount,
      },
      events: [
        this.events.change(req.actor, 'integration.updated', 'integration.update', { type: 'integration', id: current.id }, {
          version: current.version + 1,
          fields: Object.keys(req.patch),
        }),
      ],
    }));
    return this.view(row);
  }

  async remove(actor: Actor, integrationId: string, ifMatch: number | undefined): Promise<{ id: string; deleted: true }> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const row = await this.mustFind(actor, integrationId);
      checkIfMatch(row, ifMatch);
      // credentials go with the integration; its revisions (and objects) stay
      const event = this.events.change(actor, 'integration.deleted', 'integration.delete', { type: 'integration', id: row.id }, { version: row.version + 1 });
      const work = allWork(CredentialsRepository.removeAll(row.workspaceId, row.id), this.events.write(event))!;
      if (await this.integrations.softDelete(row.workspaceId, row.id, row.version, work)) {
        this.events.committed();
        return { id: row.id, deleted: true };
      }
      if (ifMatch !== undefined) throw versionMismatch();
      await backoff(attempt);
    }
    throw busy();
  }

  async putResource(req: PutResource.Request): Promise<PutResource.Response> {
    const ws = req.actor.workspaceId;
    const { body, sealedCredentials } = normalizeResource(req.key, req.resource);
    if (body.type !== 'connection' && sealedCredentials !== undefined) {
      throw new DomainError('validation_failed', 'only a connection has credentials');
    }
    const [hash] = await writeValues(this.store, ws, [body]);
    let created = false;
    const row = await this.withRetry(req.actor, req.integrationId, req.ifMatch, async (current) => {
      const previous = await this.tree.lookup(ws, current.tree, req.key);
      created = previous === undefined;
      if (created && current.resourceCount >= LIMITS.resourcesPerIntegration) {
        throw new DomainError('payload_too_large', `an integration holds at most ${LIMITS.resourcesPerIntegration} resources`);
      }
      if (body.type === 'flow') {
        const refs = [...new Set((body.steps ?? []).map((s) => s.ref))];
        const types = await this.typesOf(ws, current.tree, refs);
        assertReferences(brokenReferences([body], (k) => types.get(k)));
      }
      if (previous && previous !== hash) {
        const before = (await readValues<ResourceBody>(this.store, ws, [previous])).get(previous)!;
        if (before.type !== body.type) await this.assertUnreferenced(ws, current.tree, req.key, 'change the type of');
      }
      const creds = this.sealedChanges(ws, current.id, [[req.key, sealedCredentials]]);
      if (previous === hash && creds.size === 0) return undefined; // nothing changes: no new version
      return {
        head: { ...headOf(current), tree: await this.tree.update(ws, current.tree, new Map([[req.key, hash]])), resourceCount: current.resourceCount + (created ? 1 : 0) },
        work: creds.size > 0 ? CredentialsRepository.write(ws, current.id, creds) : undefined,
        events: [
          this.events.change(req.actor, 'resource.changed', 'resource.write', { type: 'integration', id: current.id }, {
            key: req.key,
            type: body.type,
            change: created ? 'added' : 'modified',
            credentialsChanged: creds.size > 0,
            version: current.version + 1,
          }),
        ],
      };
    });
    const withCreds = body.type === 'connection' ? await this.credentials.keysWithCredentials(ws, row.id) : new Set<string>();
    return { integrationId: row.id, version: row.version, created, resource: toResourceView(body, withCreds) };
  }

  async deleteResource(actor: Actor, integrationId: string, key: string, ifMatch: number | undefined) {
    const ws = actor.workspaceId;
    const row = await this.withRetry(actor, integrationId, ifMatch, async (current) => {
      const previous = await this.tree.lookup(ws, current.tree, key);
      if (!previous) throw new DomainError('not_found', `integration has no resource "${key}"`);
      await this.assertUnreferenced(ws, current.tree, key, 'delete');
      return {
        head: { ...headOf(current), tree: await this.tree.update(ws, current.tree, new Map([[key, undefined]])), resourceCount: current.resourceCount - 1 },
        work: CredentialsRepository.write(ws, current.id, new Map([[key, null]])),
        events: [
          this.events.change(actor, 'resource.changed', 'resource.delete', { type: 'integration', id: current.id }, {
            key,
            change: 'removed',
            version: current.version + 1,
          }),
        ],
      };
    });
    return { integrationId: row.id, version: row.version, key, deleted: true as const };
  }

  async references(actor: Actor, integrationId: string, key: string) {
    const row = await this.mustFind(actor, integrationId);
    if (!(await this.tree.lookup(row.workspaceId, row.tree, key))) throw new DomainError('not_found', `integration has no resource "${key}"`);
    return { key, items: referencesTo(key, (await this.bodies(row.workspaceId, row.tree)).values()) };
  }

  async liveState(actor: Actor, integrationId: string): Promise<LiveState> {
    const row = await this.integrations.find(actor.workspaceId, integrationId, { includeDeleted: true });
    if (!row) throw new DomainError('not_found', 'integration not found');
    return {
      integrationId: row.id,
      workspaceId: row.workspaceId,
      environment: row.environment,
      version: row.version,
      deleted: row.deletedAt !== undefined,
      head: { name: row.name, description: row.description, settings: row.settings, tree: row.tree },
    };
  }

  /** Compare-and-set of the whole head for reverts and merges, applied at most once per operation id. */
  async commitHead(req: CommitLiveState.Request): Promise<CommitLiveState.Response> {
    const ws = req.actor.workspaceId;
    const done = await this.integrations.findCommit(ws, req.operationId);
    if (done) return { integrationId: done.integrationId, version: done.version, applied: true };
    const row = await this.mustFind(req.actor, req.integrationId);
    if (row.version !== req.expectedVersion) throw versionMismatch(row.version);
    const head: StateHead = req.head;
    const resourceCount = await this.tree.size(ws, head.tree);
    const updated = await this.integrations.compareAndSet(
      ws,
      row.id,
      req.expectedVersion,
      { ...head, resourceCount },
      IntegrationsRepository.recordCommit(ws, req.operationId, row.id, req.expectedVersion + 1),
    );
    if (!updated) {
      const replay = await this.integrations.findCommit(ws, req.operationId);
      if (replay) return { integrationId: replay.integrationId, version: replay.version, applied: true };
      throw versionMismatch();
    }
    return { integrationId: updated.id, version: updated.version, applied: true };
  }

  // ---------------------------------------------------------------------------

  private async mustFind(actor: Actor, integrationId: string): Promise<IntegrationRow> {
    const row = await this.integrations.find(actor.workspaceId, integrationId);
    if (!row) throw new DomainError('not_found', 'integration not found');
    return row;
  }

  /**
   * Read, compute, compare-and-set; with If-Match a lost race is 412, without it
   * the change is recomputed on the fresh state, so no update is ever lost.
   * `change` returns undefined when there is nothing to write.
   */
  private withRetry(
    actor: Actor,
    integrationId: string,
    ifMatch: number | undefined,
    change: Parameters<IntegrationService['casLoop']>[3],
  ): Promise<IntegrationRow> {
    // writers of one integration in this process take turns: the compare-and-set
    // still guards against other processes, but no longer loses races at home
    return this.writers.run(`${actor.workspaceId}/${integrationId}`, () => this.casLoop(actor, integrationId, ifMatch, change));
  }

  private async casLoop(
    actor: Actor,
    integrationId: string,
    ifMatch: number | undefined,
    change: (
      current: IntegrationRow,
    ) => Promise<{ head: ReturnType<typeof headOf> & { resourceCount: number }; work?: TxWork; events?: DomainEvent[] } | undefined>,
  ): Promise<IntegrationRow> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const current = await this.mustFind(actor, integrationId);
      checkIfMatch(current, ifMatch);
      const next = await change(current);
      if (!next) return current;
      const work = allWork(next.work, next.events ? this.events.write(...next.events) : undefined);
      const updated = await this.integrations.compareAndSet(current.workspaceId, current.id, current.version, next.head, work);
      if (updated) {
        if (next.events) this.events.committed();
        return updated;
      }
      if (ifMatch !== undefined) throw versionMismatch();
      await backoff(attempt);
    }
    throw busy();
  }

  private sealedChanges(ws: string, integrationId: string, items: [string, string | null | undefined][]): Map<string, string | null> {
    const out = new Map<string, string | null>();
    for (const [key, sealed] of items) {
      if (sealed === undefined) continue;
      out.set(key, sealed === null ? null : this.vault.reseal(sealed, ws, integrationId, key));
    }
    return out;
  }

  private async typesOf(ws: string, root: string, keys: string[]): Promise<Map<string, string>> {
    const found: [string, string][] = [];
    for (const k of keys) {
      const h = await this.tree.lookup(ws, root, k);
      if (h) found.push([k, h]);
    }
    const bodies = await readValues<ResourceBody>(this.store, ws, found.map(([, h]) => h));
    return new Map(found.map(([k, h]) => [k, bodies.get(h)!.type]));
  }

  private async assertUnreferenced(ws: string, root: string, key: string, verb: string): Promise<void> {
    const users = referencesTo(key, (await this.bodies(ws, root)).values());
    if (users.length > 0) {
      throw new DomainError('resource_in_use', `cannot ${verb} "${key}": flow "${users[0].flowKey}" uses it`, { references: users });
    }
  }

  private async bodies(ws: string, root: string): Promise<Map<string, ResourceBody>> {
    const entries = await this.tree.entries(ws, root);
    const values = await readValues<ResourceBody>(this.store, ws, entries.map(([, h]) => h));
    return new Map(entries.map(([k, h]) => [k, values.get(h)!]));
  }

  private async view(row: IntegrationRow): Promise<IntegrationView> {
    const [bodies, withCreds] = await Promise.all([
      this.bodies(row.workspaceId, row.tree),
      this.credentials.keysWithCredentials(row.workspaceId, row.id),
    ]);
    const { resourceCount: _count, ...summary } = summaryOf(row);
    return { ...summary, resources: [...bodies.values()].map((b) => toResourceView(b, withCreds)) };
  }
}

function headOf(row: IntegrationRow) {
  return { name: row.name, description: row.description, settings: row.settings, tree: row.tree };
}

function summaryOf(row: IntegrationRow): IntegrationSummaryView {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    environment: row.environment,
    name: row.name,
    description: row.description,
    settings: row.settings,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.source ? { source: row.source } : {}),
    resourceCount: row.resourceCount,
  };
}

function checkIfMatch(row: IntegrationRow, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && row.version !== ifMatch) throw versionMismatch(row.version);
}

function versionMismatch(currentVersion?: number): DomainError {
  return new DomainError(
    'version_mismatch',
    'the integration changed since the version you sent (If-Match); reload and retry',
    currentVersion === undefined ? undefined : { currentVersion },
  );
}

function busy(): DomainError {
  return new DomainError('conflict', 'the integration is changing too fast; retry');
}

function encodeCursor(row: IntegrationRow): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
      return { createdAt, id };
    }
  } catch {
    /* fall through */
  }
  throw new DomainError('validation_failed', 'invalid cursor');
}
