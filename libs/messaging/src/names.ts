import type { ServiceName } from '@ilm/contracts';

/**
 * Broker names. ILM_AMQP_NAMESPACE prefixes every name so that test runs (and
 * two checkouts) can share one broker without touching each other's queues;
 * it is empty in normal use, leaving the public names of SPEC §7.
 */
export function amqpNamespace(): string {
  return process.env.ILM_AMQP_NAMESPACE ?? '';
}

export const serviceQueue = (service: ServiceName): string => `${amqpNamespace()}ilm.${service}`;
export const deadLetterQueue = (queue: string): string => `${queue}.dlq`;
/** Where upstream systems publish commands (SPEC §7), the queue the gateway consumes them from, its DLQ and retry queue. */
export const commandsExchange = (): string => `${amqpNamespace()}ilm.commands`;
export const commandsQueue = (): string => `${amqpNamespace()}ilm.commands.in`;
export const commandsDeadLetterQueue = (): string => `${amqpNamespace()}ilm.commands.dlq`;
export const commandsRetryQueue = (): string => `${amqpNamespace()}ilm.commands.retry`;

/** The topic exchange every committed change is published to (SPEC §7). */
export const eventsExchange = (): string => `${amqpNamespace()}ilm.events`;

/** Client and server must assert a queue with identical options (else 406 crashes the process). */
export const SERVICE_QUEUE_OPTIONS = { durable: true } as const;

/** A stopped service is detected at once (no consumers); this bounds a hung or overloaded one. */
export const DEFAULT_RPC_TIMEOUT_MS = 4_500;
export const CORRELATION_HEADER = 'x-correlation-id';
export const ERROR_CODE_HEADER = 'x-ilm-error-code';
export const ERROR_MESSAGE_HEADER = 'x-ilm-error-message';

export function amqpUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** Socket settings verified on these machines (DESIGN "Messaging"). */
export const SOCKET_OPTIONS = {
  heartbeatIntervalInSeconds: 5,
  reconnectTimeInSeconds: 1,
  connectionOptions: { noDelay: true },
} as const;
