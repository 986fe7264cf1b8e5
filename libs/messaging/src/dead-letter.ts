import type { Channel, ConsumeMessage } from 'amqplib';
import type { ErrorCode } from '@ilm/contracts';
import { ERROR_CODE_HEADER, ERROR_MESSAGE_HEADER } from './names';

/**
 * Acks, nacks and dead-letters on a channel the broker may have closed
 * meanwhile: the broker gives an unsettled message to the next consumer
 * anyway, so a closed channel is nothing to crash (or fail a request) for.
 */
export function settleSafely(settle: () => void): void {
  try {
    settle();
  } catch {
    /* channel closed: the message is redelivered */
  }
}

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
  settleSafely(() => {
    channel.sendToQueue(dlq, message.content, {
    persistent: true,
    headers,
    messageId: message.properties.messageId,
    correlationId: message.properties.correlationId,
      contentType: message.properties.contentType,
    });
    channel.ack(message);
  });
}
