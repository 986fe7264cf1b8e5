import { Api } from './support/api';
import { ordersIntegration } from './support/fixtures';
import { Stack } from './support/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('operations: health, metrics, correlated logs, status', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const ops = (service: 'access' | 'integrations' | 'revisions', path: string) => fetch(`http://127.0.0.1:${stack.opsPorts.get(service)}${path}`);

  it('follows one correlation id from the HTTP request through the gateway, revisions and integrations logs', async () => {
    const id = (await api.post('/v1/integrations', ordersIntegration('ops-test'))).body.id;
    const correlationId = `ops-trace-${Date.now()}`;
    const snap = await api.post(`/v1/integrations/${id}/snapshots`, { description: 'traced' }, { 'x-correlation-id': correlationId });
    Api.expectStatus(snap, 201);
    expect(snap.headers.get('x-correlation-id')).toBe(correlationId);
    await sleep(300);
    const carrying = stack.logs
      .filter((l) => {
        try {
          return JSON.parse(l.line).correlationId === correlationId;
        } catch {
          return false;
        }
      })
      .map((l) => l.service);
    expect(new Set(carrying)).toEqual(new Set(['gateway', 'revisions', 'integrations', 'access']));
  });

  it('counts the request in the gateway histogram and each message in the services', async () => {
    const gateway = await (await fetch(`${stack.url}/metrics`)).text();
    expect(gateway).toMatch(/ilm_http_request_duration_seconds_count\{method="POST",route="\/v1\/integrations\/:id\/snapshots",status="201"\} [1-9]/);
    const revisions = await (await ops('revisions', '/metrics')).text();
    expect(revisions).toMatch(/ilm_messages_total\{service="revisions",pattern="revisions.snapshot.create",outcome="ok"\} [1-9]/);
    expect(revisions).toMatch(/ilm_message_duration_seconds_bucket\{le="[0-9.]+",service="revisions",pattern="revisions.snapshot.create"\}/);
    expect(revisions).toMatch(/ilm_outbox_pending_events \d+/);
    const integrations = await (await ops('integrations', '/metrics')).text();
    expect(integrations).toMatch(/ilm_messages_total\{service="integrations",pattern="integrations.state.get",outcome="ok"\} [1-9]/);
  });

  it('counts lifecycle operations', async () => {
    const id = (await api.post('/v1/integrations', { name: 'counted', environment: 'sandbox' })).body.id;
    const rev = (await api.post(`/v1/integrations/${id}/snapshots`, {})).body;
    Api.expectStatus(await api.patch(`/v1/integrations/${id}`, { description: 'changed' }), 200);
    const preview = (await api.post(`/v1/integrations/${id}/reverts`, { revisionId: rev.id })).body;
    Api.expectStatus(await api.post(`/v1/reverts/${preview.id}/apply`, { previewHash: preview.previewHash }), 200);
    expect(await (await ops('revisions', '/metrics')).text()).toMatch(/ilm_lifecycle_operations_total\{kind="revert",outcome="completed"\} [1-9]/);
  });

  it('answers live and ready on every service, and the status of all of it to admins only', async () => {
    for (const service of ['access', 'integrations', 'revisions'] as const) {
      expect((await ops(service, '/health/live')).status).toBe(200);
      const ready = await ops(service, '/health/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', broker: true, database: true });
    }
    const status = await api.get('/v1/ops/status');
    Api.expectStatus(status, 200);
    expect(status.body.status).toBe('ready');
    expect(status.body.services.map((s: any) => s.service).sort()).toEqual(['access', 'integrations', 'revisions']);
    const revisionsQueue = status.body.queues.find((q: any) => q.name === stack.queue('revisions'));
    expect(revisionsQueue).toMatchObject({ consumers: 1, messages: expect.any(Number) });
    expect(status.body.queues.find((q: any) => q.name === `${stack.queue('revisions')}.dlq`)).toMatchObject({ messages: expect.any(Number) });

    const member = (await api.post('/v1/users', { email: 'ops-member@example.test', name: 'M', role: 'member' })).body;
    const token = (await api.post('/v1/tokens', { userId: member.id, name: 'm' })).body.token;
    expect((await api.withToken(token).get('/v1/ops/status')).status).toBe(403);
    expect((await api.withToken(undefined).get('/v1/ops/status')).status).toBe(401);
  });
});
