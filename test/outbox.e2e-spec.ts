import * as amqp from 'amqplib';
import { Api } from './support/api';
import { AMQP_URL, Stack } from './support/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('events leave through a transactional outbox', () => {
  let stack: Stack;
  let api: Api;
  let conn: amqp.ChannelModel;
  const events: any[] = [];

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
    // a monitor, as SPEC §7 describes one: its own queue bound to the events exchange
    conn = await amqp.connect(AMQP_URL);
    const ch = await conn.createChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
    await ch.bindQueue(queue, `${stack.namespace}ilm.events`, '#');
    await ch.consume(queue, (m) => m && events.push({ id: m.properties.messageId, type: m.fields.routingKey, persistent: m.properties.deliveryMode === 2, body: JSON.parse(m.content.toString()) }), {
      noAck: true,
    });
  });

  afterAll(async () => {
    await conn?.close().catch(() => undefined);
    await stack?.stop();
  });

  const waitFor = async (what: () => boolean, ms = 10_000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline && !what(); ) await sleep(50);
    return what();
  };

  it('publishes every committed change with its event id, persistent, without credentials', async () => {
    const created = (await api.post('/v1/integrations', {
      name: 'evented',
      environment: 'sandbox',
      resources: [{ key: 'c1', type: 'connection', name: 'C', config: {}, credentials: { password: 'outbox-Secret-77' } }],
    })).body;
    Api.expectStatus(await api.put(`/v1/integrations/${created.id}/resources/e1`, { type: 'export', name: 'E' }), 201);
    expect(await waitFor(() => events.some((e) => e.type === 'resource.changed' && e.body.target.id === created.id))).toBe(true);
    const mine = events.filter((e) => e.body.target.id === created.id);
    expect(mine.map((e) => e.type)).toEqual(['integration.created', 'resource.changed']);
    for (const e of mine) {
      expect(e.id).toBe(e.body.id);
      expect(e.persistent).toBe(true);
      expect(e.body).toMatchObject({ workspaceId: created.workspaceId, outcome: 'success', actor: { userId: expect.any(String) } });
    }
    expect(JSON.stringify(events)).not.toContain('outbox-Secret-77');
  });

  it('publishes a change committed just before a SIGKILL once the service is back, once per event id', async () => {
    const id = (await api.post('/v1/integrations', { name: 'crash', environment: 'sandbox' })).body.id;
    await waitFor(() => events.some((e) => e.type === 'integration.created' && e.body.target.id === id));

    // the integrations service commits but does not get to publish: its relay is held, then it dies
    await stack.stopService('integrations');
    stack.startService('integrations', { ILM_OUTBOX_RELAY: 'off' });
    await stack.waitForReady();
    Api.expectStatus(await api.put(`/v1/integrations/${id}/resources/late`, { type: 'script', name: 'Late', code: '1' }), 201);
    const pending = (await stack.pool.query(`SELECT id FROM integrations.outbox WHERE published_at IS NULL AND body->'data'->>'key' = 'late'`)).rows;
    expect(pending).toHaveLength(1);
    await sleep(1000);
    expect(events.some((e) => e.id === pending[0].id)).toBe(false);
    await stack.stopService('integrations', 'SIGKILL');

    stack.startService('integrations');
    await stack.waitForReady();
    expect(await waitFor(() => events.some((e) => e.id === pending[0].id))).toBe(true);
    await sleep(500);
    // a consumer that dedupes by event id sees it exactly once
    const seen = events.filter((e) => e.id === pending[0].id);
    expect(new Set(seen.map((e) => e.id)).size).toBe(1);
    expect(seen[0]).toMatchObject({ type: 'resource.changed', body: { data: { key: 'late', change: 'added' } } });
    // and the audit log, which dedupes on it, holds it once
    const audit = (await stack.pool.query('SELECT count(*)::int AS n FROM access.audit WHERE event_id = $1', [pending[0].id])).rows[0].n;
    expect(audit).toBe(1);
    expect((await stack.pool.query('SELECT count(*)::int AS n FROM integrations.outbox WHERE published_at IS NULL')).rows[0].n).toBe(0);
  });
});
