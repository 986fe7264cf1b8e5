import * as amqp from 'amqplib';
import { Api } from './support/api';
import { AMQP_URL, ROOT, Stack } from './support/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('upstream commands over RabbitMQ', () => {
  let stack: Stack;
  let api: Api;
  let conn: amqp.ChannelModel;
  let pub: amqp.ConfirmChannel;
  let replyQueue: string;
  const replies: { correlationId: string; body: any }[] = [];
  const changed: any[] = [];

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
    conn = await amqp.connect(AMQP_URL);
    pub = await conn.createConfirmChannel();
    const sub = await conn.createChannel();
    replyQueue = (await sub.assertQueue('', { exclusive: true, autoDelete: true })).queue;
    await sub.consume(replyQueue, (m) => m && replies.push({ correlationId: m.properties.correlationId, body: JSON.parse(m.content.toString()) }), { noAck: true });
    const events = (await sub.assertQueue('', { exclusive: true, autoDelete: true })).queue;
    await sub.bindQueue(events, `${stack.namespace}ilm.events`, 'resource.changed');
    await sub.consume(events, (m) => m && changed.push(JSON.parse(m.content.toString())), { noAck: true });
  });

  afterAll(async () => {
    await conn?.close().catch(() => undefined);
    await stack?.stop();
  });

  const exchange = () => `${stack.namespace}ilm.commands`;
  /** Publishes one command as an upstream system does, with publisher confirms. */
  const send = (key: string, body: unknown, props: Partial<amqp.Options.Publish> & { token?: string | null } = {}) => {
    const { token, ...rest } = props;
    const content = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers = token === null ? {} : { authorization: `Bearer ${token ?? stack.token}` };
    pub.publish(exchange(), key, content, { persistent: true, replyTo: replyQueue, headers, contentType: 'application/json', ...rest });
  };
  const waitFor = async (what: () => boolean, ms = 60_000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline && !what(); ) await sleep(50);
    return what();
  };
  const dlq = async () => {
    const ch = await conn.createChannel();
    const out: amqp.GetMessage[] = [];
    for (let m = await ch.get(`${stack.namespace}ilm.commands.dlq`, { noAck: true }); m; m = await ch.get(`${stack.namespace}ilm.commands.dlq`, { noAck: true })) out.push(m);
    await ch.close();
    return out;
  };

  it('applies 1,000 upserts exactly once though 100 are sent twice: 1,100 replies, 1,000 changes, 1,000 events', async () => {
    const id = (await api.post('/v1/integrations', { name: 'upstream', environment: 'sandbox' })).body.id;
    const duplicated = new Set(Array.from({ length: 100 }, (_, i) => i * 10));
    for (let i = 0; i < 1000; i++) {
      const body = { integrationId: id, key: `r-${i}`, resource: { type: 'script', name: `R ${i}`, code: `// ${i}` } };
      send('integration.resource.upsert', body, { messageId: `m-${i}`, correlationId: `c-${i}` });
      if (duplicated.has(i)) send('integration.resource.upsert', body, { messageId: `m-${i}`, correlationId: `c-${i}-again` });
    }
    await pub.waitForConfirms();
    expect(await waitFor(() => replies.length >= 1100, 120_000)).toBe(true);
    await sleep(500);
    expect(replies).toHaveLength(1100);
    expect(replies.every((r) => r.body.ok === true)).toBe(true);
    // a duplicate gets the very reply of the first
    for (const i of duplicated) {
      const [first, again] = [`c-${i}`, `c-${i}-again`].map((c) => replies.find((r) => r.correlationId === c)!.body);
      expect(again).toEqual(first);
      expect(first.result).toMatchObject({ key: `r-${i}`, type: 'script' });
    }
    const integration = (await api.get(`/v1/integrations/${id}`)).body;
    expect(integration.resources).toHaveLength(1000);
    expect(integration.version).toBe(1001);
    expect(await waitFor(() => new Set(changed.filter((e) => e.target.id === id).map((e) => e.id)).size >= 1000, 30_000)).toBe(true);
    await sleep(500);
    expect(new Set(changed.filter((e) => e.target.id === id).map((e) => e.id)).size).toBe(1000);
  });

  it('dead-letters 200 invalid messages with their codes, applies none, and keeps working', async () => {
    const id = (await api.post('/v1/integrations', { name: 'target', environment: 'sandbox' })).body.id;
    const before = (await api.get(`/v1/integrations/${id}`)).body.version;
    const valid = (i: number) => ({ integrationId: id, key: `x-${i}`, resource: { type: 'script', name: 'x', code: '1' } });
    const cases: [string, number, (i: number) => void][] = [
      ['malformed_message', 40, (i) => send('integration.resource.upsert', `{"integrationId": ${i}`, { messageId: `bad-json-${i}` })],
      ['validation_failed', 40, (i) => send('integration.resource.upsert', { integrationId: id, key: `x-${i}` }, { messageId: `missing-${i}` })],
      ['unauthenticated', 40, (i) => send('integration.resource.upsert', valid(i), { messageId: `bad-token-${i}`, token: `ilm_wrong${i}` })],
      ['malformed_message', 40, (i) => send('integration.resource.upsert', valid(i), {})],
      ['unknown_pattern', 20, (i) => send('integration.robot.dance', valid(i), { messageId: `unknown-${i}` })],
      ['payload_too_large', 20, (i) => send('integration.resource.upsert', { ...valid(i), resource: { type: 'script', name: 'big', code: 'x'.repeat(2_200_000) } }, { messageId: `big-${i}` })],
    ];
    for (const [, n, publish] of cases) for (let i = 0; i < n; i++) publish(i);
    await pub.waitForConfirms();

    let dead: amqp.GetMessage[] = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && dead.length < 200; await sleep(200)) dead = [...dead, ...(await dlq())];
    expect(dead).toHaveLength(200);
    const codes: Record<string, number> = {};
    for (const m of dead) {
      const code = String(m.properties.headers?.['x-ilm-error-code']);
      codes[code] = (codes[code] ?? 0) + 1;
      expect(String(m.properties.headers?.['x-ilm-error-message'])).not.toBe('');
    }
    expect(codes).toEqual({ malformed_message: 80, validation_failed: 40, unauthenticated: 40, unknown_pattern: 20, payload_too_large: 20 });
    expect((await api.get(`/v1/integrations/${id}`)).body.version).toBe(before);

    // the consumer still works
    const countBefore = replies.length;
    send('integration.snapshot.create', { integrationId: id, description: 'after the storm' }, { messageId: 'still-alive', correlationId: 'still-alive' });
    await pub.waitForConfirms();
    expect(await waitFor(() => replies.some((r) => r.correlationId === 'still-alive'))).toBe(true);
    expect(replies.find((r) => r.correlationId === 'still-alive')!.body).toMatchObject({ ok: true, result: { type: 'snapshot', description: 'after the storm' } });
    expect(replies.length).toBeGreaterThan(countBefore);
  });

  it('runs every command kind with the same permissions as HTTP', async () => {
    const member = (await api.post('/v1/users', { email: 'upstream-member@example.test', name: 'M', role: 'member' })).body;
    const memberToken = (await api.post('/v1/tokens', { userId: member.id, name: 'svc', scopes: ['integrations:read', 'integrations:write'] })).body.token;
    const p = (await api.post('/v1/integrations', { name: 'P', environment: 'production', resources: [{ key: 'e', type: 'export', name: 'E' }] })).body.id;
    const s = (await api.post(`/v1/integrations/${p}/clone`, { name: 'S', environment: 'sandbox' })).body.id;
    const ask = async (key: string, body: unknown, token?: string) => {
      const correlationId = `ask-${Math.random()}`;
      send(key, body, { messageId: correlationId, correlationId, ...(token ? { token } : {}) });
      await pub.waitForConfirms();
      await waitFor(() => replies.some((r) => r.correlationId === correlationId), 20_000);
      return replies.find((r) => r.correlationId === correlationId)!.body;
    };
    // a member without a grant is refused, as over HTTP
    expect(await ask('integration.snapshot.create', { integrationId: p }, memberToken)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    Api.expectStatus(await api.put(`/v1/integrations/${p}/grants/${member.id}`, { level: 'manage' }), 200);
    Api.expectStatus(await api.put(`/v1/integrations/${s}/grants/${member.id}`, { level: 'monitor' }), 200);

    const snap = await ask('integration.snapshot.create', { integrationId: p, description: 'upstream' }, memberToken);
    expect(snap).toMatchObject({ ok: true, result: { type: 'snapshot' } });
    Api.expectStatus(await api.put(`/v1/integrations/${s}/resources/e`, { type: 'export', name: 'E from S' }), 200);
    const pull = await ask('integration.pull.open', { integrationId: p, remoteIntegrationId: s }, memberToken);
    expect(pull).toMatchObject({ ok: true, result: { conflicts: [] } });
    const merged = await ask('integration.pull.merge', { pullId: pull.result.id, previewHash: pull.result.previewHash }, memberToken);
    expect(merged).toMatchObject({ ok: true, result: { status: 'completed' } });
    const reverted = await ask('integration.revert', { integrationId: p, revisionId: snap.result.id }, memberToken);
    expect(reverted).toMatchObject({ ok: true, result: { status: 'completed' } });
    expect(await ask('integration.resource.delete', { integrationId: p, key: 'e' }, memberToken)).toMatchObject({ ok: true, result: { deleted: true } });
    expect(await ask('integration.resource.delete', { integrationId: p, key: 'e' }, memberToken)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('the examples in examples/ run as the README says', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('an upstream command gets its reply, and a monitor sees its event', async () => {
    const { spawn, execFile } = await import('node:child_process');
    const id = (await api.post('/v1/integrations', { name: 'example', environment: 'sandbox' })).body.id;
    const env = { ...process.env, AMQP_URL, ILM_TOKEN: stack.token, ILM_AMQP_NAMESPACE: stack.namespace };
    const monitor = spawn(process.execPath, ['examples/monitor-events.js', 'resource.#'], { env, cwd: ROOT });
    let monitored = '';
    monitor.stdout.on('data', (d) => (monitored += d));
    try {
      await new Promise<void>((resolve) => monitor.stderr.once('data', () => resolve()));
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['examples/upstream-command.js', id, 'from-example', '{"type":"script","name":"Example","code":"1"}'], { env, cwd: ROOT }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      expect(JSON.parse(out).reply).toMatchObject({ ok: true, result: { key: 'from-example', type: 'script' } });
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && !monitored.includes('from-example'); ) await sleep(100);
      expect(JSON.parse(monitored.trim().split('\n')[0])).toMatchObject({ type: 'resource.changed', outcome: 'success', data: { key: 'from-example' } });
    } finally {
      monitor.kill('SIGTERM');
    }
  });
});
