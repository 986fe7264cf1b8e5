#!/usr/bin/env node
/**
 * How an upstream system drives ILM over RabbitMQ (SPEC §7): publish a command
 * to the `ilm.commands` topic exchange with the token in the `authorization`
 * header and a `message_id`, and read the reply from a `reply_to` queue.
 *
 *   ILM_TOKEN=... node examples/upstream-command.js <integrationId> <resourceKey> '{"type":"script","name":"S","code":"1"}'
 *
 * Environment: AMQP_URL (default amqp://guest:guest@127.0.0.1:5672), ILM_TOKEN,
 * ILM_AMQP_NAMESPACE (only when the deployment sets one).
 */
const amqp = require('amqplib');
const { randomUUID } = require('node:crypto');

async function main() {
  const [integrationId, key, resourceJson] = process.argv.slice(2);
  if (!integrationId || !key || !resourceJson || !process.env.ILM_TOKEN) {
    console.error('usage: ILM_TOKEN=... node examples/upstream-command.js <integrationId> <resourceKey> <resource JSON>');
    process.exit(2);
  }
  const conn = await amqp.connect(process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await conn.createConfirmChannel();
  // an exclusive queue of our own for the reply
  const { queue: replyTo } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  const messageId = randomUUID(); // publish again with the same id after a failure: ILM applies it once
  const correlationId = randomUUID();
  const reply = new Promise((resolve) =>
    channel.consume(replyTo, (m) => m && m.properties.correlationId === correlationId && resolve(JSON.parse(m.content.toString())), { noAck: true }),
  );
  const body = { integrationId, key, resource: JSON.parse(resourceJson) };
  channel.publish(`${process.env.ILM_AMQP_NAMESPACE || ''}ilm.commands`, 'integration.resource.upsert', Buffer.from(JSON.stringify(body)), {
    persistent: true,
    contentType: 'application/json',
    messageId,
    correlationId,
    replyTo,
    headers: { authorization: `Bearer ${process.env.ILM_TOKEN}` },
  });
  await channel.waitForConfirms(); // the broker has the command: it will not be lost
  const answer = await Promise.race([reply, new Promise((_, reject) => setTimeout(() => reject(new Error('no reply in 30 s')), 30_000))]);
  console.log(JSON.stringify({ messageId, reply: answer }));
  await conn.close();
  process.exit(answer.ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
