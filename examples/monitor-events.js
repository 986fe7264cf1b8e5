#!/usr/bin/env node
/**
 * How a monitor follows ILM (SPEC §7): bind a queue of its own to the
 * `ilm.events` topic exchange and read every committed change (and every
 * refused attempt) as it happens. Events are delivered at least once: dedupe
 * on `id`.
 *
 *   node examples/monitor-events.js ['resource.#']    # a routing-key pattern, default '#'
 *
 * Environment: AMQP_URL, ILM_AMQP_NAMESPACE (as for upstream-command.js).
 */
const amqp = require('amqplib');

async function main() {
  const pattern = process.argv[2] || '#';
  const conn = await amqp.connect(process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await conn.createChannel();
  const exchange = `${process.env.ILM_AMQP_NAMESPACE || ''}ilm.events`;
  await channel.assertExchange(exchange, 'topic', { durable: true });
  // a durable, named queue would keep events while the monitor is down; this one lives with the process
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, pattern);
  const seen = new Set();
  await channel.consume(queue, (m) => {
    if (!m) return;
    const event = JSON.parse(m.content.toString());
    if (!seen.has(event.id)) {
      seen.add(event.id);
      console.log(JSON.stringify({ type: event.type, at: event.occurredAt, actor: event.actor.userId, target: event.target, outcome: event.outcome, correlationId: event.correlationId, data: event.data }));
    }
    channel.ack(m);
  });
  console.error(`listening to ${exchange} (${pattern}); Ctrl-C to stop`);
  const stop = () => conn.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
