import { randomBytes } from 'node:crypto';
import { Api, ApiResponse } from './support/api';
import { dumpDatabase } from './support/db-dump';
import { Stack } from './support/stack';

const PRINCIPALS = ['none', 'bad', 'revoked', 'expired', 'memberNone', 'memberMonitor', 'memberManage', 'admin', 'owner', 'otherOwner'] as const;
type Principal = (typeof PRINCIPALS)[number];

/** One integration with two revisions and an open revert preview, and the grants of the matrix's members. */
interface Fixture {
  id: string;
  s1: string;
  s2: string;
  revertId: string;
  previewHash: string;
  adminTokenId: string;
  /** a clone of the integration, and an open pull of it into the integration (its one conflict resolved) */
  cloneId: string;
  pullId: string;
  pullHash: string;
  conflictId: string;
}

interface Route {
  name: string;
  /** needs its own fixture in every cell (it changes or removes something); routes naming pulls or clones get one with a pull */
  mutates: boolean;
  call: (api: Api, f: Fixture, headers: Record<string, string>) => Promise<ApiResponse>;
  /** none, bad, revoked, expired, memberNone, memberMonitor, memberManage, admin, owner, otherOwner */
  expect: number[];
}

const unique = () => randomBytes(4).toString('hex');

describe('access control: every route × every kind of caller, tokens, audit', () => {
  let stack: Stack;
  let owner: Api;
  const users: Record<string, { id: string; token: string }> = {};
  const apis = {} as Record<Principal, Api>;
  const issued: string[] = [];
  let otherOwnerToken: string;

  const post = async (api: Api, path: string, body: unknown) => {
    const res = await api.post(path, body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body;
  };

  beforeAll(async () => {
    stack = await Stack.start();
    owner = new Api(stack.url, stack.token);
    issued.push(stack.token);
    for (const [name, role] of [['admin', 'admin'], ['memberNone', 'member'], ['memberMonitor', 'member'], ['memberManage', 'member'], ['extra', 'member']] as const) {
      const user = await post(owner, '/v1/users', { email: `${name.toLowerCase()}@example.test`, name, role });
      const token = await post(owner, '/v1/tokens', { userId: user.id, name: `${name} token` });
      users[name] = { id: user.id, token: token.token };
      issued.push(token.token);
    }
    const me = (await owner.get('/v1/me')).body;
    users.owner = { id: me.userId, token: stack.token };

    const revoked = await post(owner, '/v1/tokens', { name: 'to be revoked' });
    Api.expectStatus(await owner.delete(`/v1/tokens/${revoked.id}`), 200);
    const expired = await post(owner, '/v1/tokens', { name: 'short-lived', expiresAt: new Date(Date.now() + 1500).toISOString() });
    const ws2 = await post(owner, '/v1/workspaces', { name: 'Elsewhere', owner: { email: 'boss@elsewhere.test', name: 'Boss' } });
    otherOwnerToken = ws2.token.token;
    issued.push(revoked.token, expired.token, otherOwnerToken);

    // refused callers each come from an address of their own, as separate clients would
    apis.none = owner.withToken(undefined).from('127.0.0.11');
    apis.bad = owner.withToken(`ilm_${randomBytes(32).toString('base64url')}`).from('127.0.0.12');
    apis.revoked = owner.withToken(revoked.token).from('127.0.0.13');
    apis.expired = owner.withToken(expired.token).from('127.0.0.14');
    for (const p of ['memberNone', 'memberMonitor', 'memberManage', 'admin'] as const) apis[p] = owner.withToken(users[p].token);
    apis.owner = owner;
    apis.otherOwner = owner.withToken(otherOwnerToken);
    await new Promise((r) => setTimeout(r, 1600)); // let the short-lived token expire
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function fixture(withPull: boolean): Promise<Fixture> {
    const created = await post(owner, '/v1/integrations', {
      name: `matrix ${unique()}`,
      environment: 'sandbox',
      resources: [
        { key: 'e1', type: 'export', name: 'E1', config: { pageSize: 10 } },
        { key: 'i1', type: 'import', name: 'I1', config: { table: 't' } },
        { key: 'spare', type: 'script', name: 'Spare', code: '// unused' },
        { key: 'f1', type: 'flow', name: 'F1', steps: [{ id: 's1', kind: 'export', ref: 'e1' }, { id: 's2', kind: 'import', ref: 'i1' }] },
      ],
    });
    const id = created.id;
    const s1 = (await post(owner, `/v1/integrations/${id}/snapshots`, { description: 'one' })).id;
    Api.expectStatus(await owner.put(`/v1/integrations/${id}/resources/e1`, { type: 'export', name: 'E1', config: { pageSize: 20 } }), 200);
    const s2 = (await post(owner, `/v1/integrations/${id}/snapshots`, { description: 'two' })).id;
    Api.expectStatus(await owner.put(`/v1/integrations/${id}/grants/${users.memberMonitor.id}`, { level: 'monitor' }), 200);
    Api.expectStatus(await owner.put(`/v1/integrations/${id}/grants/${users.memberManage.id}`, { level: 'manage' }), 200);
    const adminToken = await post(apis.admin, '/v1/tokens', { name: `admin spare ${unique()}` });
    issued.push(adminToken.token);
    const pull = withPull ? await openPullOf(id) : { cloneId: '', pullId: '', pullHash: '', conflictId: '' };
    // last: a change after it would make it stale
    const revert = await post(owner, `/v1/integrations/${id}/reverts`, { revisionId: s1 });
    return { id, s1, s2, revertId: revert.id, previewHash: revert.previewHash, adminTokenId: adminToken.id, ...pull };
  }

  /** A clone of `id`, changed on both sides, pulled into `id` with its one conflict resolved. */
  async function openPullOf(id: string) {
    const cloneId = (await post(owner, `/v1/integrations/${id}/clone`, { name: 'matrix clone', environment: 'sandbox' })).id;
    Api.expectStatus(await owner.put(`/v1/integrations/${cloneId}/resources/e1`, { type: 'export', name: 'E1', config: { pageSize: 30 } }), 200);
    Api.expectStatus(await owner.put(`/v1/integrations/${id}/resources/e1`, { type: 'export', name: 'E1', config: { pageSize: 40 } }), 200);
    for (const p of ['memberMonitor', 'memberManage'] as const) {
      Api.expectStatus(await owner.put(`/v1/integrations/${cloneId}/grants/${users[p].id}`, { level: 'monitor' }), 200);
    }
    const pull = await post(owner, `/v1/integrations/${id}/pulls`, { remoteIntegrationId: cloneId });
    const conflictId = pull.conflicts[0].id;
    const resolved = (await owner.put(`/v1/pulls/${pull.id}/resolutions`, { resolutions: [{ conflictId, choice: 'remote' }] })).body;
    return { cloneId, pullId: pull.id as string, pullHash: resolved.previewHash as string, conflictId: conflictId as string };
  }

  // The expected status of every cell, written out (not derived from the code under test).
  //                                   none bad  rev  exp  mNone mMon mMan admin owner other
  const ROUTES: Route[] = [
    { name: 'POST /v1/integrations', mutates: true, call: (a, _f, h) => a.post('/v1/integrations', { name: 'n', environment: 'sandbox' }, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 201, 201, 201] },
    { name: 'GET /v1/integrations', mutates: false, call: (a, _f, h) => a.get('/v1/integrations', h),
      expect: [401, 401, 401, 401, 200, 200, 200, 200, 200, 200] },
    { name: 'GET /v1/integrations/{id}', mutates: false, call: (a, f, h) => a.get(`/v1/integrations/${f.id}`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'PATCH /v1/integrations/{id}', mutates: true, call: (a, f, h) => a.patch(`/v1/integrations/${f.id}`, { description: 'd' }, h),
      expect: [401, 401, 401, 401, 403, 403, 200, 200, 200, 404] },
    { name: 'DELETE /v1/integrations/{id}', mutates: true, call: (a, f, h) => a.delete(`/v1/integrations/${f.id}`, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 404] },
    { name: 'PUT /v1/integrations/{id}/resources/{key}', mutates: true,
      call: (a, f, h) => a.put(`/v1/integrations/${f.id}/resources/new-one`, { type: 'script', name: 'New', code: '1' }, h),
      expect: [401, 401, 401, 401, 403, 403, 201, 201, 201, 404] },
    { name: 'DELETE /v1/integrations/{id}/resources/{key}', mutates: true, call: (a, f, h) => a.delete(`/v1/integrations/${f.id}/resources/spare`, h),
      expect: [401, 401, 401, 401, 403, 403, 200, 200, 200, 404] },
    { name: 'GET /v1/integrations/{id}/resources/{key}', mutates: false, call: (a, f, h) => a.get(`/v1/integrations/${f.id}/resources/e1`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'GET /v1/integrations/{id}/resources/{key}/references', mutates: false,
      call: (a, f, h) => a.get(`/v1/integrations/${f.id}/resources/e1/references`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'POST /v1/integrations/{id}/snapshots', mutates: true, call: (a, f, h) => a.post(`/v1/integrations/${f.id}/snapshots`, { description: 'x' }, h),
      expect: [401, 401, 401, 401, 403, 403, 201, 201, 201, 404] },
    { name: 'GET /v1/integrations/{id}/revisions', mutates: false, call: (a, f, h) => a.get(`/v1/integrations/${f.id}/revisions`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'GET /v1/revisions/{rev}', mutates: false, call: (a, f, h) => a.get(`/v1/revisions/${f.s1}`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'GET /v1/revisions/{rev}/diff', mutates: false, call: (a, f, h) => a.get(`/v1/revisions/${f.s1}/diff?against=${f.s2}`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'POST /v1/integrations/{id}/reverts', mutates: true, call: (a, f, h) => a.post(`/v1/integrations/${f.id}/reverts`, { revisionId: f.s1 }, h),
      expect: [401, 401, 401, 401, 403, 403, 201, 201, 201, 404] },
    { name: 'GET /v1/reverts/{id}', mutates: false, call: (a, f, h) => a.get(`/v1/reverts/${f.revertId}`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'POST /v1/reverts/{id}/apply', mutates: true, call: (a, f, h) => a.post(`/v1/reverts/${f.revertId}/apply`, { previewHash: f.previewHash }, h),
      expect: [401, 401, 401, 401, 403, 403, 200, 200, 200, 404] },
    { name: 'POST /v1/integrations/{id}/clone', mutates: true, call: (a, f, h) => a.post(`/v1/integrations/${f.id}/clone`, { name: 'c', environment: 'sandbox' }, h),
      expect: [401, 401, 401, 401, 403, 403, 201, 201, 201, 404] },
    { name: 'GET /v1/integrations/{id}/export', mutates: false, call: (a, f, h) => a.get(`/v1/integrations/${f.id}/export`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'POST /v1/integrations/import', mutates: true,
      call: (a, _f, h) => a.post('/v1/integrations/import', { format: 'ilm.bundle/v1', integration: { name: 'i', environment: 'sandbox' }, resources: [] }, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 201, 201, 201] },
    { name: 'POST /v1/integrations/{id}/pulls', mutates: true, call: (a, f, h) => a.post(`/v1/integrations/${f.id}/pulls`, { remoteIntegrationId: f.cloneId }, h),
      expect: [401, 401, 401, 401, 403, 403, 201, 201, 201, 404] },
    { name: 'GET /v1/pulls/{id}', mutates: false, call: (a, f, h) => a.get(`/v1/pulls/${f.pullId}`, h),
      expect: [401, 401, 401, 401, 403, 200, 200, 200, 200, 404] },
    { name: 'PUT /v1/pulls/{id}/resolutions', mutates: true,
      call: (a, f, h) => a.put(`/v1/pulls/${f.pullId}/resolutions`, { resolutions: [{ conflictId: f.conflictId, choice: 'current' }] }, h),
      expect: [401, 401, 401, 401, 403, 403, 200, 200, 200, 404] },
    // the owner opened the pull: an author cannot approve their own
    { name: 'POST /v1/pulls/{id}/approvals', mutates: true, call: (a, f, h) => a.post(`/v1/pulls/${f.pullId}/approvals`, { previewHash: f.pullHash }, h),
      expect: [401, 401, 401, 401, 403, 403, 201, 201, 403, 404] },
    { name: 'POST /v1/pulls/{id}/merge', mutates: true, call: (a, f, h) => a.post(`/v1/pulls/${f.pullId}/merge`, { previewHash: f.pullHash }, h),
      expect: [401, 401, 401, 401, 403, 403, 200, 200, 200, 404] },
    { name: 'POST /v1/pulls/{id}/cancel', mutates: true, call: (a, f, h) => a.post(`/v1/pulls/${f.pullId}/cancel`, {}, h),
      expect: [401, 401, 401, 401, 403, 403, 200, 200, 200, 404] },
    { name: 'PUT /v1/integrations/{id}/grants/{userId}', mutates: true,
      call: (a, f, h) => a.put(`/v1/integrations/${f.id}/grants/${users.extra.id}`, { level: 'monitor' }, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 404] },
    { name: 'DELETE /v1/integrations/{id}/grants/{userId}', mutates: true,
      call: (a, f, h) => a.delete(`/v1/integrations/${f.id}/grants/${users.memberMonitor.id}`, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 404] },
    { name: 'GET /v1/integrations/{id}/grants', mutates: false, call: (a, f, h) => a.get(`/v1/integrations/${f.id}/grants`, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 404] },
    { name: 'POST /v1/users', mutates: true, call: (a, _f, h) => a.post('/v1/users', { email: `u-${unique()}@example.test`, name: 'U', role: 'member' }, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 201, 201, 201] },
    { name: 'GET /v1/users', mutates: false, call: (a, _f, h) => a.get('/v1/users', h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 200] },
    { name: 'PATCH /v1/users/{id}', mutates: true, call: (a, _f, h) => a.patch(`/v1/users/${users.extra.id}`, { name: `Extra ${unique()}` }, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 404] },
    { name: 'POST /v1/tokens', mutates: true, call: (a, _f, h) => a.post('/v1/tokens', { name: 'mine' }, h),
      expect: [401, 401, 401, 401, 201, 201, 201, 201, 201, 201] },
    { name: 'DELETE /v1/tokens/{id}', mutates: true, call: (a, f, h) => a.delete(`/v1/tokens/${f.adminTokenId}`, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 404] },
    { name: 'POST /v1/workspaces', mutates: true,
      call: (a, _f, h) => a.post('/v1/workspaces', { name: 'W', owner: { email: `o-${unique()}@example.test`, name: 'O' } }, h),
      expect: [401, 401, 401, 401, 403, 403, 403, 403, 201, 201] },
    { name: 'GET /v1/audit', mutates: false, call: (a, _f, h) => a.get('/v1/audit', h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 200] },
    { name: 'GET /v1/ops/status', mutates: false, call: (a, _f, h) => a.get('/v1/ops/status', h),
      expect: [401, 401, 401, 401, 403, 403, 403, 200, 200, 200] },
    { name: 'GET /v1/me', mutates: false, call: (a, _f, h) => a.get('/v1/me', h),
      expect: [401, 401, 401, 401, 200, 200, 200, 200, 200, 200] },
  ];

  const denied: { correlationId: string; principal: Principal; status: number }[] = [];

  it('answers every route for every kind of caller with the status in the table', async () => {
    const actual: Record<string, number[]> = {};
    const expected: Record<string, number[]> = {};
    for (const route of ROUTES) {
      let shared: Fixture | undefined;
      expected[route.name] = route.expect;
      actual[route.name] = [];
      for (const principal of PRINCIPALS) {
        const f = route.mutates || !shared ? await fixture(/pull|clone/.test(route.name)) : shared;
        shared ??= f;
        const correlationId = `matrix-${unique()}`;
        const res = await route.call(apis[principal], f, { 'x-correlation-id': correlationId });
        actual[route.name].push(res.status);
        if (res.status === 401 || res.status === 403) denied.push({ correlationId, principal, status: res.status });
        expect(res.text).not.toMatch(/at \w+ \(|node_modules/);
        if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
      }
    }
    expect(actual).toEqual(expected);
  });

  it('writes every denied attempt of the matrix to the audit log, with its actor and outcome', async () => {
    expect(denied.length).toBeGreaterThan(100);
    const ids = denied.map((d) => d.correlationId);
    let rows: any[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      rows = (await stack.pool.query('SELECT * FROM access.audit WHERE correlation_id = ANY($1)', [ids])).rows;
      if (new Set(rows.map((r) => r.correlation_id)).size === ids.length) break;
    }
    const expectedActor: Record<Principal, string | null> = {
      none: null, bad: null, revoked: users.owner.id, expired: users.owner.id,
      memberNone: users.memberNone.id, memberMonitor: users.memberMonitor.id, memberManage: users.memberManage.id,
      admin: users.admin.id, owner: users.owner.id, otherOwner: null,
    };
    for (const d of denied) {
      const entries = rows.filter((r) => r.correlation_id === d.correlationId);
      expect({ cell: d, found: entries.length > 0 }).toEqual({ cell: d, found: true });
      for (const e of entries) {
        expect({ cell: d, outcome: e.outcome, actor: e.actor_user_id }).toEqual({ cell: d, outcome: 'denied', actor: expectedActor[d.principal] });
      }
    }
    // those whose workspace is known are in that workspace's log, as owners and admins read it
    const inWorkspace = denied.filter((d) => !['none', 'bad'].includes(d.principal)).slice(0, 25);
    for (const d of inWorkspace) {
      const log = await owner.get(`/v1/audit?correlationId=${d.correlationId}`);
      Api.expectStatus(log, 200);
      expect(log.body.items.length).toBeGreaterThan(0);
      expect(log.body.items[0]).toMatchObject({ outcome: 'denied', type: 'access.denied' });
    }
  });

  it('audits changes too, and shows a workspace only its own log', async () => {
    const created = await post(owner, '/v1/integrations', { name: 'audited', environment: 'production' });
    let entries: any[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && entries.length === 0; await new Promise((r) => setTimeout(r, 100))) {
      entries = (await owner.get(`/v1/audit?targetId=${created.id}&type=integration.created`)).body.items;
    }
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'integration.create', outcome: 'success', actor: { userId: users.owner.id } });
    const elsewhere = await apis.otherOwner.get(`/v1/audit?targetId=${created.id}`);
    expect(elsewhere.body.items).toEqual([]);
    // the log cannot be rewritten, not even by the database user the services use
    await expect(stack.pool.query('DELETE FROM access.audit')).rejects.toThrow(/append-only/);
    await expect(stack.pool.query(`UPDATE access.audit SET outcome = 'success'`)).rejects.toThrow(/append-only/);
  });

  it('lists for a member only the integrations it holds a grant on, and nothing of another workspace', async () => {
    const granted = await post(owner, '/v1/integrations', { name: 'granted', environment: 'sandbox' });
    await post(owner, '/v1/integrations', { name: 'not granted', environment: 'sandbox' });
    const user = await post(owner, '/v1/users', { email: 'lister@example.test', name: 'Lister', role: 'member' });
    const token = await post(owner, '/v1/tokens', { userId: user.id, name: 'lister' });
    issued.push(token.token);
    Api.expectStatus(await owner.put(`/v1/integrations/${granted.id}/grants/${user.id}`, { level: 'monitor' }), 200);
    const extra = owner.withToken(token.token);
    const listed = await extra.get('/v1/integrations?limit=100');
    expect(listed.body.items.map((i: any) => i.id)).toEqual([granted.id]);
    const ownersView = await owner.get('/v1/integrations?limit=100');
    expect(ownersView.body.items.length).toBeGreaterThan(2);
    const others = await apis.otherOwner.get('/v1/integrations?limit=100');
    expect(others.body.items.filter((i: any) => ownersView.body.items.some((o: any) => o.id === i.id))).toEqual([]);
  });

  it('stops a revoked token within 1 s', async () => {
    const t = await post(owner, '/v1/tokens', { name: 'revoke me' });
    issued.push(t.token);
    const api = owner.withToken(t.token);
    Api.expectStatus(await api.get('/v1/me'), 200);
    Api.expectStatus(await owner.delete(`/v1/tokens/${t.id}`), 200);
    // the gateway may reuse a decision for up to 1 s; past that the token is dead
    await new Promise((r) => setTimeout(r, 1050));
    const after = await api.get('/v1/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
  });

  it('keeps only the owner in charge of admins, and tokens within their scopes', async () => {
    const admin = apis.admin;
    expect((await admin.post('/v1/users', { email: 'a2@example.test', name: 'A2', role: 'admin' })).status).toBe(403);
    expect((await admin.patch(`/v1/users/${users.memberNone.id}`, { role: 'admin' })).status).toBe(403);
    expect((await admin.post('/v1/tokens', { userId: users.owner.id, name: 'steal' })).status).toBe(403);
    Api.expectStatus(await owner.patch(`/v1/users/${users.memberNone.id}`, { role: 'admin' }), 200);
    Api.expectStatus(await owner.patch(`/v1/users/${users.memberNone.id}`, { role: 'member' }), 200);

    const readOnly = await post(owner, '/v1/tokens', { name: 'reader', scopes: ['integrations:read'] });
    issued.push(readOnly.token);
    const reader = owner.withToken(readOnly.token);
    const created = await post(owner, '/v1/integrations', { name: 'scoped', environment: 'sandbox' });
    Api.expectStatus(await reader.get(`/v1/integrations/${created.id}`), 200);
    expect((await reader.patch(`/v1/integrations/${created.id}`, { description: 'no' })).status).toBe(403);
    expect((await reader.get('/v1/audit')).status).toBe(403);
    expect((await reader.post('/v1/tokens', { name: 'wider' })).status).toBe(403);
  });

  it('refuses 1,000 malformed Authorization headers with 401 or 429, never a 5xx, while a valid client works throughout', async () => {
    const attacker = owner.withToken(undefined).from('127.0.0.21');
    const shapes: (() => [string, string][])[] = [
      () => [['authorization', '']],
      () => [['authorization', `Bearer ${'A'.repeat(12_000)}`]],
      () => [['authorization', 'Bearer tökén-ünïcödé']],
      () => [['authorization', `Basic ${Buffer.from('user:pass').toString('base64')}`]],
      () => [['authorization', `Bearer ${randomBytes(8).toString('hex')}`], ['authorization', `Bearer ${stack.token}`]],
      () => [['authorization', 'Bearer']],
      () => [['authorization', `Bearer  ${stack.token}x`]],
      () => [['authorization', `bearer${randomBytes(4).toString('hex')}`]],
      () => [['authorization', `Bearer ilm_${randomBytes(32).toString('base64url')}`]],
      () => [['authorization', '\u00ff\u00fe\u00fd']],
    ];
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 50; batch++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => attacker.request('GET', '/v1/integrations', undefined, {}, shapes[(batch * 20 + i) % shapes.length]())),
      );
      for (const r of results) {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.text).not.toMatch(/at \w+ \(|node_modules/);
      }
      if (batch % 5 === 0) Api.expectStatus(await owner.get('/v1/integrations'), 200);
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);
    expect([...statuses.keys()].every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.get(429)).toBeGreaterThan(0);
    Api.expectStatus(await owner.get('/v1/integrations'), 200);
    expect((await fetch(`${stack.url}/health/ready`)).status).toBe(200);
  });

  it('stores no token that was handed out, anywhere in the database or the logs', async () => {
    expect(issued.length).toBeGreaterThan(10);
    const dump = await dumpDatabase(stack.pool);
    // the tables that do hold tokens (as hashes) were looked at
    expect(dump).toMatch(/^access\.tokens /m);
    const logs = stack.allLogs();
    for (const token of issued) {
      expect(dump.includes(token)).toBe(false);
      expect(logs.includes(token)).toBe(false);
    }
  });
});
