import { Api } from './support/api';
import { generatedIntegration } from './support/fixtures';
import { Stack } from './support/stack';

/** What the objects written between two moments are: resource bodies, tree nodes, state objects. */
async function newObjects(stack: Stack, since: Date) {
  const rows = (await stack.pool.query('SELECT content FROM objects.objects WHERE created_at > $1', [since])).rows;
  const kinds = { resource: 0, tree: 0, state: 0 };
  for (const { content } of rows) {
    const v = JSON.parse(content);
    if ('l' in v || 'b' in v) kinds.tree++;
    else if ('tree' in v && 'settings' in v) kinds.state++;
    else if ('key' in v && 'type' in v) kinds.resource++;
  }
  return { total: rows.length, ...kinds };
}

describe('content-addressed storage', () => {
  let stack: Stack;
  let api: Api;
  let id: string;

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
    const created = await api.post('/v1/integrations', generatedIntegration(2000));
    Api.expectStatus(created, 201);
    id = created.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const objectCount = async () => (await stack.pool.query('SELECT count(*)::int AS n FROM objects.objects')).rows[0].n as number;
  const dbNow = async () => (await stack.pool.query('SELECT clock_timestamp() AS t')).rows[0].t as Date;

  it('a snapshot of an unchanged integration writes one small state object, no copy', async () => {
    Api.expectStatus(await api.post(`/v1/integrations/${id}/snapshots`, { description: 'base' }), 201);
    const before = await objectCount();
    expect(before).toBeGreaterThan(2000);
    Api.expectStatus(await api.post(`/v1/integrations/${id}/snapshots`, { description: 'again' }), 201);
    // same state → same state object: nothing new at all
    expect(await objectCount()).toBe(before);
  });

  it('changing 1 of 2,000 resources and snapshotting writes 1 resource + the tree path + 1 state object', async () => {
    const since = await dbNow();
    const before = await objectCount();
    const exp = (await api.get(`/v1/integrations/${id}/resources/exp-7`)).body;
    Api.expectStatus(await api.put(`/v1/integrations/${id}/resources/exp-7`, { ...exp, config: { ...exp.config, pageSize: 500 } }), 200);
    const snap = await api.post(`/v1/integrations/${id}/snapshots`, { description: 'one change' });
    Api.expectStatus(snap, 201);
    expect(snap.body.summary).toMatchObject({ added: 0, modified: 1, removed: 0 });
    const grown = await newObjects(stack, since);
    expect(await objectCount()).toBe(before + grown.total);
    expect(grown.resource).toBe(1);
    expect(grown.state).toBe(1);
    // the nodes on one key's path: log16(2000/32) ≈ 2, so root + 1 or 2 levels
    expect(grown.tree).toBeGreaterThanOrEqual(2);
    expect(grown.tree).toBeLessThanOrEqual(4);
    expect(grown.total).toBe(grown.resource + grown.tree + grown.state);
  });

  it('changing 20 resources writes about 20 resources and their paths, far from a copy', async () => {
    const since = await dbNow();
    for (let i = 0; i < 20; i++) {
      Api.expectStatus(await api.put(`/v1/integrations/${id}/resources/imp-${i}`, { type: 'import', name: `Import ${i}`, config: { table: `renamed_${i}` } }), 200);
    }
    Api.expectStatus(await api.post(`/v1/integrations/${id}/snapshots`, { description: 'twenty changes' }), 201);
    const grown = await newObjects(stack, since);
    expect(grown.resource).toBe(20);
    expect(grown.state).toBe(1);
    // each PUT rewrites its path (≤ 4 nodes); a copy would be 2,000+ objects
    expect(grown.tree).toBeLessThanOrEqual(20 * 4);
    expect(grown.total).toBeLessThan(150);
  });

  it('reverting back shares every stored object: a revert writes no resource bodies', async () => {
    const revisions = (await api.get(`/v1/integrations/${id}/revisions`)).body.items;
    const base = revisions.find((r: any) => r.description === 'base');
    const since = await dbNow();
    const preview = await api.post(`/v1/integrations/${id}/reverts`, { revisionId: base.id });
    Api.expectStatus(preview, 201);
    expect(preview.body.changes).toHaveLength(21);
    Api.expectStatus(await api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: preview.body.previewHash }), 200);
    const grown = await newObjects(stack, since);
    expect(grown.resource).toBe(0);
    expect(grown.tree).toBe(0);
    const live = await api.get(`/v1/revisions/${base.id}/diff?against=live`);
    expect(live.body.changes).toEqual([]);
  });
});
