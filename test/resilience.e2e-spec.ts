import * as amqp from 'amqplib';
import { Api } from './support/api';
import { ordersIntegration } from './support/fixtures';
import { AMQP_URL, Stack } from './support/stack';

describe('a service stops, a message is malformed', () => {
  let stack: Stack;
  let api: Api;
  let id: string;

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
    const created = await api.post('/v1/integrations', ordersIntegration('not-a-real-secret'));
    Api.expectStatus(created, 201);
    id = created.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 503 within 5 s while revisions is stopped, and recovers when it is back', async () => {
    await stack.stopService('revisions');
    const started = Date.now();
    const res = await api.post(`/v1/integrations/${id}/snapshots`, { description: 'while down' });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('service_unavailable');
    expect(elapsed).toBeLessThan(5000);
    // the rest keeps working
    Api.expectStatus(await api.get(`/v1/integrations/${id}`), 200);
    const ready = await fetch(`${stack.url}/health/ready`);
    expect(ready.status).toBe(503);

    stack.startService('revisions');
    await stack.waitForReady();
    const snap = await api.post(`/v1/integrations/${id}/snapshots`, { description: 'after restart' });
    Api.expectStatus(snap, 201);
    // the request made while it was down never ran later behind the caller's back
    const list = await api.get(`/v1/integrations/${id}/revisions`);
    expect(list.body.items.map((r: any) => r.description)).toEqual(['after restart']);
  });

  it('answers 503 quickly after SIGKILL too, and the restarted service serves', async () => {
    await stack.stopService('integrations', 'SIGKILL');
    const started = Date.now();
    const res = await api.get(`/v1/integrations/${id}`);
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
    stack.startService('integrations');
    await stack.waitForReady();
    Api.expectStatus(await api.get(`/v1/integrations/${id}`), 200);
  });

  it('moves malformed messages to the DLQ with a reason, and keeps serving', async () => {
    const conn = await amqp.connect(AMQP_URL);
    const ch = await conn.createChannel();
    const queue = stack.queue('revisions');
    const dlq = `${queue}.dlq`;
    const { queue: replies } = await ch.assertQueue('', { exclusive: true });
    const answers: any[] = [];
    await ch.consume(replies, (m) => m && answers.push(JSON.parse(m.content.toString())), { noAck: true });

    ch.sendToQueue(queue, Buffer.from('this is { not json'), { persistent: true, messageId: 'm1' });
    ch.sendToQueue(queue, Buffer.from(JSON.stringify({ data: { hello: 1 } })), { persistent: true, messageId: 'm2' });
    ch.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern: 'revisions.nothing.here', id: 'r3', data: {} })), {
      persistent: true, messageId: 'm3', replyTo: replies, correlationId: 'c3',
    });
    ch.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern: 'revisions.snapshot.create', id: 'r4', data: { integrationId: id } })), {
      persistent: true, messageId: 'm4', replyTo: replies, correlationId: 'c4',
    });

    const dead: amqp.GetMessage[] = [];
    const deadline = Date.now() + 10_000;
    while (dead.length < 4 && Date.now() < deadline) {
      const m = await ch.get(dlq, { noAck: true });
      if (m) dead.push(m);
      else await new Promise((r) => setTimeout(r, 100));
    }
    const reasons = Object.fromEntries(dead.map((m) => [m.properties.messageId, m.properties.headers?.['x-ilm-error-code']]));
    expect(reasons).toEqual({ m1: 'malformed_message', m2: 'malformed_message', m3: 'unknown_pattern', m4: 'validation_failed' });
    for (const m of dead) expect(String(m.properties.headers?.['x-ilm-error-message'])).not.toBe('');
    // callers that asked for a reply got one
    const deadline2 = Date.now() + 5000;
    while (answers.length < 2 && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
    expect(answers.map((a) => a.err?.code).sort()).toEqual(['unknown_pattern', 'validation_failed']);
    // nothing left unacked in the service queue, and the service still serves
    expect((await ch.checkQueue(queue)).messageCount).toBe(0);
    Api.expectStatus(await api.post(`/v1/integrations/${id}/snapshots`, { description: 'still serving' }), 201);
    await conn.close();
  });
});
