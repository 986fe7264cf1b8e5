import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode, WireError } from '@ilm/contracts';
import { httpStatusOf } from './http-status';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  412: 'version_mismatch',
  413: 'payload_too_large',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** Every error leaves as `{error: {code, message, details?}}`; never a stack trace. */
export function errorBody(err: unknown): { status: number; body: { error: WireError } } {
  if (err instanceof DomainError) {
    return { status: httpStatusOf[err.code], body: { error: err.toWire() } };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'validation_failed');
    const message = status === 404 ? 'no such route' : err.message;
    return { status, body: { error: { code, message } } };
  }
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') {
    return { status: 413, body: { error: { code: 'payload_too_large', message: 'request body too large' } } };
  }
  if (e?.type === 'entity.parse.failed' || e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return { status: 400, body: { error: { code: 'validation_failed', message: 'request body is not valid JSON' } } };
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, body: { error: { code: STATUS_CODES[e.status] ?? 'validation_failed', message: 'bad request' } } };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal error' } } };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('gateway');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = errorBody(err);
    if (status >= 500 && status !== 503) this.logger.error(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) return;
    res.status(status).json(body);
  }
}
