/** Stable error codes (SPEC §6). Clients switch on these; never rename one. */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'version_mismatch',
  'precondition_required',
  'stale_preview',
  'operation_in_progress',
  'unresolved_conflicts',
  'approval_required',
  'conflict',
  'invalid_reference',
  'unrelated_integrations',
  'resource_in_use',
  'payload_too_large',
  'too_many_requests',
  'malformed_message',
  'unknown_pattern',
  'service_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** A failure the caller can act on. Services throw these; messaging carries them as data. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as WireError).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as WireError).code) &&
    typeof (value as WireError).message === 'string'
  );
}

/** Errors whose message must not be retried as-is but may be retried later. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set(['service_unavailable']);
