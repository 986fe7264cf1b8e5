import { canonicalJson } from '@ilm/merge';
import { Api } from './support/api';
import { BrokerTap } from './support/broker-tap';
import { ordersIntegration } from './support/fixtures';
import { Stack } from './support/stack';

const SECRET = 'planted-Secret-4f1b9c2e77';

/** Live resources without the credential flags, which a revision never holds. */
const withoutFlags = (resources: any[]) => resources.map(({ hasCredentials: _h, needsCredentials: _n, ...r }) => r);

describe('snapshots, diffs and reverts over HTTP', () => {
  let stack: Stack;
  let api: Api;
  const tap = new BrokerTap();

  beforeAll(async () => {
    await tap.start();
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
  });

  afterAll(async () => {
    await stack?.stop();
    await tap.stop();
  });

  let id: string;
  let s1: any;
  let s2: any;

  it('records two snapshots and diffs exactly the changes between them, the move as a move', async () => {
    const created = await api.post('/v1/integrations', ordersIntegration(SECRET));
    Api.expectStatus(created, 201);
    id = created.body.id;
    expect(created.body.resources).toHaveLength(14);
    expect(created.headers.get('etag')).toBe('"1"');
    const conn = created.body.resources.find((r: any) => r.key === 'conn-src');
    expect(conn).toMatchObject({ hasCredentials: true, needsCredentials: false });
    expect(conn.credentials).toBeUndefined();

    const snap1 = await api.post(`/v1/integrations/${id}/snapshots`, { description: 'before the changes' });
    Api.expectStatus(snap1, 201);
    s1 = snap1.body;
    expect(s1).toMatchObject({ seq: 1, type: 'snapshot', status: 'completed', description: 'before the changes', parents: [] });

    // change one export
    const exp2 = (await api.get(`/v1/integrations/${id}/resources/exp-2`)).body;
    Api.expectStatus(await api.put(`/v1/integrations/${id}/resources/exp-2`, { ...exp2, config: { ...exp2.config, pageSize: 250 } }), 200);
    // move a step inside a flow
    const flowA = (await api.get(`/v1/integrations/${id}/resources/flow-a`)).body;
    const [a1, a2, a3] = flowA.steps;
    Api.expectStatus(await api.put(`/v1/integrations/${id}/resources/flow-a`, { ...flowA, steps: [a2, a1, a3] }), 200);
    // an import still used by a flow cannot go
    const inUse = await api.delete(`/v1/integrations/${id}/resources/imp-3`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.code).toBe('resource_in_use');
    // delete the flow step that used it, then the import
    const flowB = (await api.get(`/v1/integrations/${id}/resources/flow-b`)).body;
    Api.expectStatus(await api.put(`/v1/integrations/${id}/resources/flow-b`, { ...flowB, steps: flowB.steps.filter((s: any) => s.ref !== 'imp-3') }), 200);
    Api.expectStatus(await api.delete(`/v1/integrations/${id}/resources/imp-3`), 200);

    const snap2 = await api.post(`/v1/integrations/${id}/snapshots`, { description: 'after the changes' });
    Api.expectStatus(snap2, 201);
    s2 = snap2.body;
    expect(s2).toMatchObject({ seq: 2, parents: [s1.id] });
    expect(s2.summary).toMatchObject({ added: 0, modified: 3, removed: 1 });

    const diff = await api.get(`/v1/revisions/${s1.id}/diff?against=${s2.id}`);
    Api.expectStatus(diff, 200);
    expect(diff.body.from).toBe(s1.id);
    expect(diff.body.to).toBe(s2.id);
    const byKey = Object.fromEntries(diff.body.changes.map((c: any) => [c.key, c]));
    expect(Object.keys(byKey).sort()).toEqual(['exp-2', 'flow-a', 'flow-b', 'imp-3']);
    expect(byKey['exp-2']).toMatchObject({ type: 'export', change: 'modified', fields: [{ path: '/config/pageSize', op: 'replace', before: 100, after: 250 }] });
    expect(byKey['exp-2'].delta).toBeTruthy();
    expect(byKey['flow-a'].change).toBe('modified');
    expect(byKey['flow-a'].fields).toEqual([]);
    expect(byKey['flow-a'].moves).toHaveLength(1);
    expect(byKey['flow-a'].moves[0]).toMatchObject({ path: '/steps' });
    expect(['a1', 'a2']).toContain(byKey['flow-a'].moves[0].id);
    expect(byKey['flow-b'].fields).toEqual([{ path: '/steps/2', op: 'remove', before: { id: 'b3', kind: 'import', ref: 'imp-3' } }]);
    expect(byKey['imp-3']).toMatchObject({ type: 'import', change: 'removed' });
  });

  it('reverts to the first snapshot: live state equals it byte for byte, credentials kept and never shown', async () => {
    const preview = await api.post(`/v1/integrations/${id}/reverts`, { revisionId: s1.id });
    Api.expectStatus(preview, 201);
    expect(preview.body).toMatchObject({ integrationId: id, targetRevisionId: s1.id, status: 'in_progress' });
    expect(preview.body.changes.map((c: any) => c.key).sort()).toEqual(['exp-2', 'flow-a', 'flow-b', 'imp-3']);
    expect(preview.body.changes.find((c: any) => c.key === 'imp-3').change).toBe('added');

    const wrongHash = await api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: 'f'.repeat(64) });
    expect(wrongHash.status).toBe(409);
    expect(wrongHash.body.error.code).toBe('stale_preview');

    const applied = await api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: preview.body.previewHash });
    Api.expectStatus(applied, 200);
    expect(applied.body.status).toBe('completed');
    expect(applied.body.revisionId).toBeDefined();

    const live = await api.get(`/v1/integrations/${id}`);
    const first = await api.get(`/v1/revisions/${s1.id}`);
    Api.expectStatus(first, 200);
    expect(canonicalJson(withoutFlags(live.body.resources))).toBe(canonicalJson(first.body.state.resources));
    expect(live.body).toMatchObject({ name: first.body.state.name, description: first.body.state.description, settings: first.body.state.settings });
    expect(JSON.stringify(withoutFlags(live.body.resources))).toBe(JSON.stringify(first.body.state.resources));
    expect(live.body.resources.find((r: any) => r.key === 'conn-dst')).toMatchObject({ hasCredentials: true });
    // at rest the credentials are sealed: neither the value nor its base64 is in the table
    const sealed = await stack.pool.query('SELECT sealed FROM integrations.credentials WHERE integration_id = $1', [id]);
    expect(sealed.rows).toHaveLength(2);
    for (const row of sealed.rows) {
      expect(row.sealed).not.toContain(SECRET);
      expect(Buffer.from(row.sealed, 'base64url').toString('latin1')).not.toContain(SECRET);
    }

    // restore points before and after, the revert revision between them, linked to its target
    const list = await api.get(`/v1/integrations/${id}/revisions`);
    const [after, revert, before] = list.body.items;
    expect(list.body.items.map((r: any) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(before).toMatchObject({ type: 'snapshot', status: 'completed' });
    expect(revert).toMatchObject({ id: applied.body.revisionId, type: 'revert', status: 'completed', parents: [before.id, s1.id] });
    expect(after).toMatchObject({ type: 'snapshot', parents: [revert.id] });
    const backToLive = await api.get(`/v1/revisions/${after.id}/diff?against=live`);
    expect(backToLive.body.changes).toEqual([]);

    // a completed revert cannot be applied twice
    const again = await api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: preview.body.previewHash });
    expect(again.status).toBe(409);
  });

  it('a revert preview goes stale when the integration changes', async () => {
    const preview = await api.post(`/v1/integrations/${id}/reverts`, { revisionId: s2.id });
    Api.expectStatus(preview, 201);
    Api.expectStatus(await api.patch(`/v1/integrations/${id}`, { description: 'edited while previewing' }), 200);
    const stale = await api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: preview.body.previewHash });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_preview');
  });

  it('runs one lifecycle operation at a time per integration', async () => {
    // while an operation holds the integration, another gets operation_in_progress
    const preview = await api.post(`/v1/integrations/${id}/reverts`, { revisionId: s2.id });
    await stack.pool.query(
      `INSERT INTO revisions.operation_locks (workspace_id, integration_id, operation_id, kind)
       SELECT workspace_id, integration_id, gen_random_uuid(), 'test' FROM revisions.revisions WHERE id = $1`,
      [s2.id],
    );
    const blocked = await api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: preview.body.previewHash });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('operation_in_progress');
    await stack.pool.query(`DELETE FROM revisions.operation_locks WHERE kind = 'test'`);

    // five applies at once: exactly one wins, the others are refused with 409
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: preview.body.previewHash })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
    const revisions = (await api.get(`/v1/integrations/${id}/revisions?limit=100`)).body.items;
    expect(revisions.filter((r: any) => r.type === 'revert' && r.status === 'completed')).toHaveLength(2);
  });

  it('two concurrent PATCHes with the same If-Match: exactly one wins, the other gets 412', async () => {
    const current = await api.get(`/v1/integrations/${id}`);
    const etag = current.headers.get('etag')!;
    const [a, b] = await Promise.all([
      api.patch(`/v1/integrations/${id}`, { name: 'A' }, { 'if-match': etag }),
      api.patch(`/v1/integrations/${id}`, { name: 'B' }, { 'if-match': etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? 'A' : 'B';
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error.code).toBe('version_mismatch');
    const after = await api.get(`/v1/integrations/${id}`);
    expect(after.body.name).toBe(winner);
    expect(after.headers.get('etag')).toBe(`"${current.body.version + 1}"`);
  });

  it('loses no update when writers race without If-Match', async () => {
    const before = (await api.get(`/v1/integrations/${id}`)).body.version;
    const writes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.put(`/v1/integrations/${id}/resources/extra-${i}`, { type: 'script', name: `Extra ${i}`, code: `// ${i}` })),
    );
    expect(writes.map((w) => w.status)).toEqual(Array(10).fill(201));
    const after = (await api.get(`/v1/integrations/${id}`)).body;
    expect(after.version).toBe(before + 10);
    for (let i = 0; i < 10; i++) expect(after.resources.map((r: any) => r.key)).toContain(`extra-${i}`);
  });

  it('rejects bad input with clear codes, never a 500', async () => {
    const cases: [string, () => Promise<any>, number, string][] = [
      ['$ key', () => api.put(`/v1/integrations/${id}/resources/x`, { type: 'export', name: 'x', config: { $where: 1 } }), 400, 'validation_failed'],
      ['dotted key', () => api.put(`/v1/integrations/${id}/resources/x`, { type: 'export', name: 'x', 'a.b': 1 }), 400, 'validation_failed'],
      ['$ key in credentials', () => api.put(`/v1/integrations/${id}/resources/c`, { type: 'connection', name: 'c', credentials: { $gt: '' } }), 400, 'validation_failed'],
      ['bad resource key', () => api.put(`/v1/integrations/${id}/resources/Bad_Key`, { type: 'export', name: 'x' }), 400, 'validation_failed'],
      ['unknown type', () => api.put(`/v1/integrations/${id}/resources/x`, { type: 'robot', name: 'x' }), 400, 'validation_failed'],
      ['dangling ref', () => api.put(`/v1/integrations/${id}/resources/f`, { type: 'flow', name: 'f', steps: [{ id: '1', kind: 'export', ref: 'nope' }] }), 422, 'invalid_reference'],
      ['ref of the wrong kind', () => api.put(`/v1/integrations/${id}/resources/f`, { type: 'flow', name: 'f', steps: [{ id: '1', kind: 'import', ref: 'exp-1' }] }), 422, 'invalid_reference'],
      ['resource over 1 MiB', () => api.put(`/v1/integrations/${id}/resources/big`, { type: 'script', name: 'big', code: 'x'.repeat(1024 * 1024 + 10) }), 413, 'payload_too_large'],
      ['not JSON', () => api.request('POST', '/v1/integrations', '{"name": ', {}), 400, 'validation_failed'],
      ['missing name', () => api.post('/v1/integrations', { environment: 'sandbox' }), 400, 'validation_failed'],
      ['bad environment', () => api.post('/v1/integrations', { name: 'x', environment: 'staging' }), 400, 'validation_failed'],
      ['bad If-Match', () => api.patch(`/v1/integrations/${id}`, { name: 'x' }, { 'if-match': 'yesterday' }), 400, 'validation_failed'],
      ['unknown integration', () => api.get('/v1/integrations/00000000-0000-4000-8000-000000000000'), 404, 'not_found'],
      ['not a uuid', () => api.get('/v1/integrations/%27%3B%20DROP%20TABLE'), 404, 'not_found'],
      ['unknown revision', () => api.get('/v1/revisions/whatever'), 404, 'not_found'],
      ['unknown route', () => api.get('/v1/nothing-here'), 404, 'not_found'],
      ['no token', () => api.withToken(undefined).get('/v1/integrations'), 401, 'unauthenticated'],
      ['bad token', () => api.withToken('ilm_nope').get('/v1/integrations'), 401, 'unauthenticated'],
      ['patch of an unknown field', () => api.patch(`/v1/integrations/${id}`, { version: 99 }), 400, 'validation_failed'],
    ];
    for (const [label, call, status, code] of cases) {
      const res = await call();
      expect({ label, status: res.status, code: res.body?.error?.code }).toEqual({ label, status, code });
      expect(res.text).not.toMatch(/at \w+ \(|node_modules/);
    }
  });

  it('keeps revisions after the integration is deleted', async () => {
    Api.expectStatus(await api.delete(`/v1/integrations/${id}`), 200);
    expect((await api.get(`/v1/integrations/${id}`)).status).toBe(404);
    const rev = await api.get(`/v1/revisions/${s1.id}`);
    Api.expectStatus(rev, 200);
    expect(rev.body.state.resources).toHaveLength(14);
    Api.expectStatus(await api.get(`/v1/integrations/${id}/revisions`), 200);
    expect((await api.get(`/v1/revisions/${s1.id}/diff?against=${s2.id}`)).body.changes).toHaveLength(4);
    // credentials go with the integration
    const left = await stack.pool.query('SELECT count(*)::int AS n FROM integrations.credentials WHERE integration_id = $1', [id]);
    expect(left.rows[0].n).toBe(0);
  });

  it('never lets the planted credential out: HTTP, revisions, diffs, logs, messages, storage', async () => {
    // the credential did go in (the connection had it) and is encrypted at rest
    expect(api.seen.length).toBeGreaterThan(30);
    expect(tap.bodies.length).toBeGreaterThan(30);
    for (const text of api.seen) expect(text).not.toContain(SECRET);
    expect(stack.allLogs()).not.toContain(SECRET);
    for (const body of tap.bodies) expect(body).not.toContain(SECRET);
    const objects = await stack.pool.query('SELECT content FROM objects.objects');
    expect(objects.rows.length).toBeGreaterThan(0);
    for (const row of objects.rows) expect(row.content).not.toContain(SECRET);
    const dump = await stack.pool.query(
      `SELECT string_agg(t::text, ' ') AS all FROM (
         SELECT * FROM integrations.integrations) t`,
    );
    expect(String(dump.rows[0].all)).not.toContain(SECRET);
  });
});
