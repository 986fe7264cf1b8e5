import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the request being handled, carried across awaits so
 * that every outgoing call and event of one request carries the same id
 * without threading it through every signature.
 */
const store = new AsyncLocalStorage<{ correlationId: string }>();

export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return store.run({ correlationId }, work);
}

export function currentCorrelationId(): string | undefined {
  return store.getStore()?.correlationId;
}
