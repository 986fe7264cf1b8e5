import type { Channel, ConsumeMessage } from 'amqplib';
import type { ErrorCode } from '@ilm/contracts';
import { ERROR_CODE_HEADER, ERROR_MESSAGE_HEADER } from './names';

/**
 * Moves a message to a dead-letter queue with the reason in headers, then acks
 * the original. Publishing before acking means a crash in between leaves a
 * duplicate in the DLQ, never a lost message.
 */
export function deadLetter(channel: Channel, message: ConsumeMessage, dlq: string, code: ErrorCode, reason: string): void {
  const headers = { ...(message.properties.headers ?? {}) };
  headers[ERROR_CODE_HEADER] = code;
  headers[ERROR_MESSAGE_HEADER] = reason.slice(0, 1000);
  headers['x-ilm-original-routing-key'] = message.fields.routingKey;
  channel.sendToQueue(dlq, message.content, {
    persistent: true,
    headers,
    messageId: message.properties.messageId,
    correlationId: message.properties.correlationId,
    contentType: message.properties.contentType,
  });
  channel.ack(message);
}
