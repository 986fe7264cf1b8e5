import { z } from 'zod';

/** Phantom marker so a typed client can infer a contract's response type from its namespace. */
export function responseOf<T>(): T {
  return undefined as unknown as T;
}

/** What every `*.contract.ts` namespace exports. */
export interface MessageContract {
  pattern: string;
  Request: z.ZodTypeAny;
  response: unknown;
}

export type RequestOf<C extends MessageContract> = z.input<C['Request']>;
export type ResponseOf<C extends MessageContract> = C['response'];
