import { ErrorCode } from '@ilm/contracts';

/** The one table from error code to HTTP status; nothing else decides statuses. */
export const httpStatusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  version_mismatch: 412,
  precondition_required: 428,
  stale_preview: 409,
  operation_in_progress: 409,
  unresolved_conflicts: 409,
  approval_required: 409,
  conflict: 409,
  invalid_reference: 422,
  unrelated_integrations: 422,
  resource_in_use: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  malformed_message: 400,
  unknown_pattern: 400,
  service_unavailable: 503,
  internal_error: 500,
};
