import { ServerRMQ } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { ErrorCode } from '@ilm/contracts';
import { deadLetter } from './dead-letter';
import { deadLetterQueue } from './names';

/**
 * Nest's RMQ server, with one change: a message that cannot be a request
 * (not JSON, no pattern or id, unknown pattern) is moved to the service's
 * dead-letter queue with the reason in headers instead of being silently
 * nacked, and a caller that asked for a reply gets one.
 */
export class IlmRmqServer extends ServerRMQ {
  brokerConnected(): boolean {
    return this.server?.isConnected() ?? false;
  }

  get deadLetterQueueName(): string {
    return deadLetterQueue(this.queue);
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    await channel.assertQueue(this.deadLetterQueueName, { durable: true });
    return super.setupChannel(channel, callback);
  }

  override async handleMessage(raw: Record<string, any> | null, channel: Channel): Promise<void> {
    if (!raw) return;
    const message = raw as ConsumeMessage;
    const rejection = this.rejectionOf(message);
    if (rejection) {
      deadLetter(channel, message, this.deadLetterQueueName, rejection.code, rejection.reason);
      this.replyError(message, rejection.id, rejection.code, rejection.reason);
      return;
    }
    return super.handleMessage(message, channel);
  }

  private rejectionOf(message: ConsumeMessage): { code: ErrorCode; reason: string; id?: string } | undefined {
    let packet: unknown;
    try {
      packet = JSON.parse(message.content.toString('utf8'));
    } catch {
      return { code: 'malformed_message', reason: 'body is not JSON' };
    }
    if (packet === null || typeof packet !== 'object' || Array.isArray(packet)) {
      return { code: 'malformed_message', reason: 'body is not a JSON object' };
    }
    const { pattern, id } = packet as { pattern?: unknown; id?: unknown };
    if (typeof pattern !== 'string' || pattern.length === 0) {
      return { code: 'malformed_message', reason: 'no "pattern" in the message' };
    }
    if (typeof id !== 'string' || id.length === 0) {
      return { code: 'malformed_message', reason: 'no request "id" in the message (events are not accepted here)' };
    }
    if (!this.getHandlerByPattern(pattern)) {
      return { code: 'unknown_pattern', reason: `no handler for pattern "${pattern.slice(0, 200)}"`, id };
    }
    return undefined;
  }

  private replyError(message: ConsumeMessage, id: string | undefined, code: ErrorCode, reason: string): void {
    const { replyTo, correlationId } = message.properties;
    if (!replyTo || !id || !this.channel) return;
    const body = Buffer.from(JSON.stringify({ id, err: { code, message: reason }, isDisposed: true }));
    void this.channel.sendToQueue(replyTo, body, { correlationId }).catch(() => undefined);
  }
}
