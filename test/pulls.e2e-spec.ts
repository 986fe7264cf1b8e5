import { Api } from './support/api';
import { ordersIntegration } from './support/fixtures';
import { Stack } from './support/stack';

const SECRET = 'pull-test-Secret-93ac1d';

describe('clones and pulls over HTTP', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  // --- a user's vocabulary -------------------------------------------------
  const ok = async (res: Promise<any>, status: number) => {
    const r = await res;
    Api.expectStatus(r, status);
    return r.body;
  };
  const create = async (spec = ordersIntegration(SECRET)) => (await ok(api.post('/v1/integrations', spec), 201)).id as string;
  const clone = (id: string, name: string, environment = 'sandbox') => ok(api.post(`/v1/integrations/${id}/clone`, { name, environment }), 201);
  const resource = (id: string, key: string) => ok(api.get(`/v1/integrations/${id}/resources/${key}`), 200);
  /** Reads a resource, changes it with `edit`, writes it back. */
  const edit = async (id: string, key: string, change: (r: any) => any) => {
    const { hasCredentials: _h, needsCredentials: _n, ...current } = await resource(id, key);
    return ok(api.put(`/v1/integrations/${id}/resources/${key}`, change(structuredClone(current))), 200);
  };
  const openPull = (current: string, remote: string) => ok(api.post(`/v1/integrations/${current}/pulls`, { remoteIntegrationId: remote, description: 'pull' }), 201);
  const merge = (pull: any) => ok(api.post(`/v1/pulls/${pull.id}/merge`, { previewHash: pull.previewHash }), 200);
  const keysOf = (pull: any) => pull.changes.map((c: any) => c.key).sort();

  it('clones into a sandbox with the same keys, no credentials, and linked revisions', async () => {
    const prod = await create();
    const sandbox = await clone(prod, 'Orders (sandbox)');
    expect(sandbox).toMatchObject({ name: 'Orders (sandbox)', environment: 'sandbox', source: { integrationId: prod } });
    expect(sandbox.resources.map((r: any) => r.key)).toEqual((await ok(api.get(`/v1/integrations/${prod}`), 200)).resources.map((r: any) => r.key));
    for (const conn of sandbox.resources.filter((r: any) => r.type === 'connection')) {
      expect(conn).toMatchObject({ hasCredentials: false, needsCredentials: true });
    }
    const [first] = (await ok(api.get(`/v1/integrations/${sandbox.id}/revisions`), 200)).items;
    expect(first.parents).toEqual([sandbox.sourceRevisionId]);
    const source = await ok(api.get(`/v1/revisions/${sandbox.sourceRevisionId}`), 200);
    expect(source.integrationId).toBe(prod);
  });

  it('pulls a grandchild into production: different fields of one export merge clean, both changes present', async () => {
    const p = await create();
    const s = (await clone(p, 'S')).id;
    const t = (await clone(s, 'T')).id;
    await edit(p, 'exp-1', (r) => ({ ...r, config: { ...r.config, pageSize: 250 } }));
    await edit(t, 'exp-1', (r) => ({ ...r, config: { ...r.config, path: '/v2/items' } }));

    const pull = await openPull(p, t);
    expect(pull.conflicts).toEqual([]);
    expect(keysOf(pull)).toEqual(['exp-1']);
    expect(pull.changes[0].fields).toEqual([{ path: '/config/path', op: 'replace', before: '/v1/items/1', after: '/v2/items' }]);
    const merged = await merge(pull);
    expect(merged).toMatchObject({ status: 'completed', revisionId: expect.any(String) });
    expect((await resource(p, 'exp-1')).config).toMatchObject({ pageSize: 250, path: '/v2/items' });

    // the pull revision links both sides, between two restore points
    const [after, revision, before] = (await ok(api.get(`/v1/integrations/${p}/revisions`), 200)).items;
    expect(revision).toMatchObject({ id: merged.revisionId, type: 'pull', status: 'completed' });
    expect(revision.parents).toHaveLength(2);
    expect(revision.parents[0]).toBe(before.id);
    expect((await ok(api.get(`/v1/revisions/${revision.parents[1]}`), 200)).integrationId).toBe(t);
    expect(after).toMatchObject({ type: 'snapshot', parents: [revision.id] });
    // and the other way round: production's change reaches the grandchild
    const back = await openPull(t, p);
    expect(back.conflicts).toEqual([]);
    expect(keysOf(back)).toEqual(['exp-1']);
    await merge(back);
    expect((await resource(t, 'exp-1')).config).toMatchObject({ pageSize: 250, path: '/v2/items' });
  });

  it('reports the same field changed differently as one field conflict, and merges the chosen value', async () => {
    const p = await create();
    const s = (await clone(p, 'S')).id;
    await edit(p, 'exp-2', (r) => ({ ...r, config: { ...r.config, pageSize: 300 } }));
    await edit(s, 'exp-2', (r) => ({ ...r, config: { ...r.config, pageSize: 50 } }));
    const pull = await openPull(p, s);
    expect(pull.conflicts).toEqual([
      { id: expect.any(String), kind: 'field', resourceKey: 'exp-2', path: '/config/pageSize', base: 100, current: 300, remote: 50 },
    ]);
    const refused = await api.post(`/v1/pulls/${pull.id}/merge`, { previewHash: pull.previewHash });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('unresolved_conflicts');

    const resolved = await ok(api.put(`/v1/pulls/${pull.id}/resolutions`, { resolutions: [{ conflictId: pull.conflicts[0].id, value: 175 }] }), 200);
    expect(resolved.previewHash).not.toBe(pull.previewHash);
    expect(resolved.conflicts[0].resolution).toEqual({ value: 175 });
    const unknown = await api.put(`/v1/pulls/${pull.id}/resolutions`, { resolutions: [{ conflictId: 'nope', choice: 'remote' }] });
    expect(unknown.status).toBe(400);
    await merge(resolved);
    expect((await resource(p, 'exp-2')).config.pageSize).toBe(175);
  });

  it('brings only what changed since the last pull, the second time', async () => {
    const p = await create();
    const s = (await clone(p, 'S')).id;
    await edit(s, 'exp-3', (r) => ({ ...r, config: { ...r.config, pageSize: 11 } }));
    await merge(await openPull(p, s));
    await edit(s, 'imp-2', (r) => ({ ...r, config: { ...r.config, mode: 'insert' } }));
    const second = await openPull(p, s);
    expect(second.conflicts).toEqual([]);
    expect(keysOf(second)).toEqual(['imp-2']);
    await merge(second);
    // and a third pull with nothing new brings nothing
    expect((await openPull(p, s)).changes).toEqual([]);
  });

  it('after reverting a pull, pulling the same remote offers the same changes again', async () => {
    const p = await create();
    const s = (await clone(p, 'S')).id;
    await edit(s, 'exp-4', (r) => ({ ...r, name: 'Export four' }));
    await edit(s, 'transform', (r) => ({ ...r, code: r.code.replace('r.qty * r.price', 'r.qty * r.unitPrice') }));
    const first = await openPull(p, s);
    await merge(first);
    // the pull revision's first parent is the restore point before it
    const pullRevision = await ok(api.get(`/v1/revisions/${(await ok(api.get(`/v1/pulls/${first.id}`), 200)).revisionId}`), 200);
    const revert = await ok(api.post(`/v1/integrations/${p}/reverts`, { revisionId: pullRevision.parents[0] }), 201);
    await ok(api.post(`/v1/reverts/${revert.id}/apply`, { previewHash: revert.previewHash }), 200);
    expect((await resource(p, 'exp-4')).name).toBe('Export 4');

    const again = await openPull(p, s);
    expect(again.conflicts).toEqual([]);
    expect(again.changes).toEqual(first.changes);
  });

  it('names delete-modify and reference conflicts', async () => {
    const p = await create();
    const s = (await clone(p, 'S')).id;
    // S deletes an export that P modified
    await edit(p, 'exp-3', (r) => ({ ...r, config: { ...r.config, pageSize: 5 } }));
    await edit(s, 'flow-c', (r) => ({ ...r, steps: r.steps.filter((st: any) => st.ref !== 'exp-3') }));
    await ok(api.delete(`/v1/integrations/${s}/resources/exp-3`), 200);
    // S removes an import while P adds a flow step using it
    await edit(s, 'flow-b', (r) => ({ ...r, steps: r.steps.filter((st: any) => st.ref !== 'imp-3') }));
    await ok(api.delete(`/v1/integrations/${s}/resources/imp-3`), 200);
    await edit(p, 'flow-a', (r) => ({ ...r, steps: [...r.steps, { id: 'a4', kind: 'import', ref: 'imp-3' }] }));

    const pull = await openPull(p, s);
    const byKind = Object.fromEntries(pull.conflicts.map((c: any) => [c.kind, c]));
    expect(Object.keys(byKind).sort()).toEqual(['delete-modify', 'reference']);
    expect(byKind['delete-modify']).toMatchObject({ resourceKey: 'exp-3', path: '', current: { config: { pageSize: 5 } }, remote: null });
    expect(byKind.reference).toMatchObject({ resourceKey: 'imp-3', remote: null, references: expect.arrayContaining([{ flowKey: 'flow-a', stepId: 'a4' }]) });

    // keep P's export; take S's removal of the import, which drops the step that named it
    const resolved = await ok(
      api.put(`/v1/pulls/${pull.id}/resolutions`, {
        resolutions: [
          { conflictId: byKind['delete-modify'].id, choice: 'current' },
          { conflictId: byKind.reference.id, choice: 'remote' },
        ],
      }),
      200,
    );
    await merge(resolved);
    const after = await ok(api.get(`/v1/integrations/${p}`), 200);
    const keys = after.resources.map((r: any) => r.key);
    expect(keys).toContain('exp-3');
    expect(keys).not.toContain('imp-3');
    const flowA = after.resources.find((r: any) => r.key === 'flow-a');
    expect(flowA.steps.map((st: any) => st.ref)).not.toContain('imp-3');
  });

  it('refuses a merge with a stale preview after an edit, and merges after a refresh', async () => {
    const p = await create();
    const s = (await clone(p, 'S')).id;
    await edit(s, 'imp-1', (r) => ({ ...r, config: { ...r.config, table: 'orders_v2' } }));
    const pull = await openPull(p, s);
    await edit(p, 'exp-1', (r) => ({ ...r, name: 'Edited during review' }));
    const stale = await api.post(`/v1/pulls/${pull.id}/merge`, { previewHash: pull.previewHash });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_preview');
    const fresh = await ok(api.get(`/v1/pulls/${pull.id}`), 200);
    expect(fresh.previewHash).not.toBe(pull.previewHash);
    await merge(fresh);
    expect((await resource(p, 'imp-1')).config.table).toBe('orders_v2');
    expect((await resource(p, 'exp-1')).name).toBe('Edited during review');
  });

  it('requires an approval from someone else when the integration says so; a change voids it', async () => {
    const reviewer = await ok(api.post('/v1/users', { email: 'reviewer@example.test', name: 'Reviewer', role: 'admin' }), 201);
    const reviewerApi = api.withToken((await ok(api.post('/v1/tokens', { userId: reviewer.id, name: 'r' }), 201)).token);
    const p = await create({ ...ordersIntegration(SECRET), settings: { requireApproval: true } as any });
    const s = (await clone(p, 'S')).id;
    await edit(s, 'exp-2', (r) => ({ ...r, name: 'Needs review' }));
    const pull = await openPull(p, s);
    expect(pull.requireApproval).toBe(true);

    const own = await api.post(`/v1/pulls/${pull.id}/approvals`, { previewHash: pull.previewHash });
    expect(own.status).toBe(403);
    const unapproved = await api.post(`/v1/pulls/${pull.id}/merge`, { previewHash: pull.previewHash });
    expect(unapproved.body.error.code).toBe('approval_required');

    const approved = await ok(reviewerApi.post(`/v1/pulls/${pull.id}/approvals`, { previewHash: pull.previewHash }), 201);
    expect(approved.approvals).toEqual([expect.objectContaining({ userId: reviewer.id, valid: true })]);
    // a change after the approval voids it
    await edit(p, 'imp-4', (r) => ({ ...r, name: 'Changed after approval' }));
    const refreshed = await ok(api.get(`/v1/pulls/${pull.id}`), 200);
    expect(refreshed.approvals).toEqual([expect.objectContaining({ userId: reviewer.id, valid: false })]);
    const voided = await api.post(`/v1/pulls/${pull.id}/merge`, { previewHash: refreshed.previewHash });
    expect(voided.body.error.code).toBe('approval_required');
    await ok(reviewerApi.post(`/v1/pulls/${pull.id}/approvals`, { previewHash: refreshed.previewHash }), 201);
    await merge(refreshed);
    expect((await resource(p, 'exp-2')).name).toBe('Needs review');
    // the setting itself is never pulled from a sandbox
    expect((await ok(api.get(`/v1/integrations/${p}`), 200)).settings.requireApproval).toBe(true);
  });

  it('pulls between siblings, cancels, and refuses integrations of no common lineage', async () => {
    const p = await create();
    const a = (await clone(p, 'A')).id;
    const b = (await clone(p, 'B')).id;
    await edit(b, 'exp-1', (r) => ({ ...r, name: 'From B' }));
    const pull = await openPull(a, b);
    expect(keysOf(pull)).toEqual(['exp-1']);
    const canceled = await ok(api.post(`/v1/pulls/${pull.id}/cancel`), 200);
    expect(canceled.status).toBe('canceled');
    expect((await api.post(`/v1/pulls/${pull.id}/merge`, { previewHash: pull.previewHash })).status).toBe(409);
    expect((await resource(a, 'exp-1')).name).toBe('Export 1');

    const stranger = await create();
    const unrelated = await api.post(`/v1/integrations/${p}/pulls`, { remoteIntegrationId: stranger });
    expect(unrelated.status).toBe(422);
    expect(unrelated.body.error.code).toBe('unrelated_integrations');
  });

  it('exports without credentials and imports as a clone when the lineage is known', async () => {
    const p = await create();
    // a bundle names the newest revision as its lineage: an integration with none has no lineage to give
    expect((await ok(api.get(`/v1/integrations/${p}/export`), 200)).lineage.revisionId).toBeNull();
    await ok(api.post(`/v1/integrations/${p}/snapshots`, { description: 'release 1' }), 201);
    const bundle = await ok(api.get(`/v1/integrations/${p}/export`), 200);
    expect(JSON.stringify(bundle)).not.toContain(SECRET);
    expect(bundle.lineage.integrationId).toBe(p);
    const imported = await ok(api.post('/v1/integrations/import', { bundle, name: 'Imported copy', environment: 'sandbox' }), 201);
    expect(imported).toMatchObject({ linked: true, name: 'Imported copy', environment: 'sandbox' });
    await edit(imported.id, 'exp-1', (r) => ({ ...r, name: 'Changed in the import' }));
    const pull = await openPull(p, imported.id);
    expect(keysOf(pull)).toEqual(['exp-1']);

    // a bundle whose lineage is unknown here imports as a new, unlinked integration
    const foreign = { ...bundle, lineage: { ...bundle.lineage, workspaceId: 'elsewhere' } };
    const plain = await ok(api.post('/v1/integrations/import', foreign), 201);
    expect(plain.linked).toBe(false);
  });

  it('never lets the planted credential out of a clone, pull or export', async () => {
    expect(api.seen.length).toBeGreaterThan(50);
    for (const text of api.seen) expect(text).not.toContain(SECRET);
    expect(stack.allLogs()).not.toContain(SECRET);
  });
});
