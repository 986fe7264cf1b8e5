import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { CommandReply, DomainError, ErrorCode, LIMITS, RETRYABLE_CODES, UPSTREAM_COMMANDS } from '@ilm/contracts';
import {
  commandsDeadLetterQueue,
  commandsExchange,
  commandsQueue,
  commandsRetryQueue,
  connectBroker,
  deadLetter,
  settleSafely,
  toWireError,
  withCorrelation,
} from '@ilm/messaging';
import { bearerToken, sha256 } from '../auth/auth.guard';
import { Authorizer } from '../auth/authorizer';
import { IntegrationOperations } from '../operations/integration-operations';
import { COMMAND_ROUTES, isCommandKey } from './command-table';
import { CommandsRepository } from './commands.repository';

const MAX_ATTEMPTS = 5;
const ATTEMPTS_HEADER = 'x-ilm-attempts';
const backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));

/** A command refused for good: its reply, and the code its dead letter carries. */
class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * Upstream systems drive ILM through RabbitMQ (SPEC §7): plain JSON commands on
 * the `ilm.commands` exchange, authorised and run exactly as the HTTP routes
 * are (same Authorizer, same operations, same contracts). Each message id is
 * applied once per workspace and always gets the same reply; a refused message
 * goes to `ilm.commands.dlq` with the reason in headers; a retryable failure
 * (a service away) is retried with backoff a bounded number of times, then
 * dead-lettered. A message is acked only after its outcome is recorded.
 */
@Injectable()
export class CommandConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('commands');
  private connection?: AmqpConnectionManager;
  private channel?: ChannelWrapper;

  constructor(
    private readonly authorizer: Authorizer,
    private readonly operations: IntegrationOperations,
    private readonly commands: CommandsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = connectBroker();
    this.channel = this.connection.createChannel({
      confirm: true,
      setup: async (ch: ConfirmChannel) => {
        await ch.assertExchange(commandsExchange(), 'topic', { durable: true });
        await ch.assertQueue(commandsQueue(), { durable: true });
        await ch.assertQueue(commandsDeadLetterQueue(), { durable: true });
        // a retried command waits here for its backoff, then goes back through the exchange
        await ch.assertQueue(commandsRetryQueue(), { durable: true, deadLetterExchange: commandsExchange() });
        // published to through an exchange of its own, so the copy keeps its routing key for the way back
        await ch.assertExchange(commandsRetryQueue(), 'fanout', { durable: true });
        await ch.bindQueue(commandsRetryQueue(), commandsRetryQueue(), '');
        await ch.bindQueue(commandsQueue(), commandsExchange(), '#');
        await ch.prefetch(Number(process.env.ILM_COMMAND_PREFETCH ?? 16));
        await ch.consume(commandsQueue(), (m) => m && void this.handle(ch, m));
      },
    });
  }

  private async handle(ch: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const correlationId = String(message.properties.correlationId ?? message.properties.messageId ?? randomUUID()).slice(0, 100);
    await withCorrelation(correlationId, async () => {
      try {
        await this.process(ch, message);
      } catch (err) {
        // nothing recorded an outcome (the database is away, say): the broker gives it to us again later
        this.logger.warn(`command not processed, requeued: ${(err as Error)?.message ?? err}`);
        setTimeout(() => settleSafely(() => ch.nack(message, false, true)), 1000).unref();
      }
    });
  }

  private async process(ch: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const key = message.fields.routingKey;
    const messageId = message.properties.messageId as string | undefined;
    let body: Record<string, unknown>;
    let token: string;
    try {
      if (message.content.length > LIMITS.commandBytes) throw new Refusal('payload_too_large', `a command is at most ${LIMITS.commandBytes} bytes`);
      if (!messageId || typeof messageId !== 'string' || messageId.length > 200) throw new Refusal('malformed_message', 'message_id is required (at most 200 characters)');
      if (!isCommandKey(key)) throw new Refusal('unknown_pattern', `no command "${key.slice(0, 200)}"`);
      body = this.parse(message.content);
      body = UPSTREAM_COMMANDS[key].parse(body) as Record<string, unknown>;
      const header = message.properties.headers?.authorization;
      const found = typeof header === 'string' ? bearerToken(header.startsWith('Bearer ') ? header : `Bearer ${header}`) : undefined;
      if (!found) throw new Refusal('unauthenticated', 'send the token in the "authorization" header');
      token = found;
    } catch (err) {
      return this.refuse(ch, message, err);
    }

    let actor;
    try {
      actor = (await this.authorizer.authorize(token, sha256(token), COMMAND_ROUTES[key].rule, { params: body, body, client: 'amqp' })).actor;
    } catch (err) {
      if (err instanceof DomainError && RETRYABLE_CODES.has(err.code)) return this.retry(ch, message, err);
      return this.refuse(ch, message, err);
    }

    const claim = await this.commands.claim(actor.workspaceId, messageId, key);
    if (claim.state === 'done') {
      // a message id seen before: not applied again, the same reply again
      this.reply(ch, message, claim.reply);
      settleSafely(() => ch.ack(message));
      return;
    }
    if (claim.state === 'busy') {
      // its twin is being processed right now: look again once it has finished
      setTimeout(() => settleSafely(() => ch.nack(message, false, true)), 200).unref();
      return;
    }
    let reply: CommandReply;
    try {
      reply = { ok: true, result: await (COMMAND_ROUTES[key].run as (...a: unknown[]) => Promise<unknown>)(this.operations, actor, body) };
    } catch (err) {
      if (err instanceof DomainError && RETRYABLE_CODES.has(err.code)) {
        await this.commands.release(actor.workspaceId, messageId);
        return this.retry(ch, message, err);
      }
      const wire = toWireError(err);
      await this.commands.finish(actor.workspaceId, messageId, { ok: false, error: wire });
      return this.refuse(ch, message, new Refusal(wire.code, wire.message, wire.details));
    }
    await this.commands.finish(actor.workspaceId, messageId, reply);
    this.reply(ch, message, reply);
    settleSafely(() => ch.ack(message));
  }

  private parse(content: Buffer): Record<string, unknown> {
    let value: unknown;
    try {
      value = JSON.parse(content.toString('utf8'));
    } catch {
      throw new Refusal('malformed_message', 'the body is not JSON');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Refusal('malformed_message', 'the body is not a JSON object');
    return value as Record<string, unknown>;
  }

  /** Dead-letters a message with its reason, and answers it. */
  private refuse(ch: ConfirmChannel, message: ConsumeMessage, err: unknown): void {
    const wire = err instanceof Refusal ? { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } : toWireError(err);
    this.reply(ch, message, { ok: false, error: wire });
    deadLetter(ch, message, commandsDeadLetterQueue(), wire.code, wire.message);
  }

  /** Sends a copy to wait out its backoff in the retry queue (then acks this one), or dead-letters it after the last try. */
  private retry(ch: ConfirmChannel, message: ConsumeMessage, err: DomainError): void {
    const attempt = Number(message.properties.headers?.[ATTEMPTS_HEADER] ?? 0) + 1;
    if (attempt >= MAX_ATTEMPTS) {
      return this.refuse(ch, message, new Refusal(err.code, `${err.message} (gave up after ${attempt} attempts)`));
    }
    ch.publish(commandsRetryQueue(), message.fields.routingKey, message.content, {
      ...message.properties,
      persistent: true,
      expiration: String(backoffMs(attempt)),
      headers: { ...(message.properties.headers ?? {}), [ATTEMPTS_HEADER]: attempt },
    });
    settleSafely(() => ch.ack(message));
  }

  private reply(ch: ConfirmChannel, message: ConsumeMessage, reply: CommandReply): void {
    const { replyTo, correlationId } = message.properties;
    if (!replyTo) return;
    ch.sendToQueue(replyTo, Buffer.from(JSON.stringify(reply)), { correlationId, contentType: 'application/json', persistent: false });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}
