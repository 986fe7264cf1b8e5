import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { Actor, DomainError } from '@ilm/contracts';

export interface IlmRequest extends Request {
  actor?: Actor;
  correlationId?: string;
  /** for a member listing integrations: the ones it holds a grant on */
  visibleIntegrationIds?: string[];
}

const CORRELATION_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/** A caller's correlation id is kept if it is sane, else a new one is made. */
export function correlationIdOf(req: Request): string {
  const given = req.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_RE.test(given) ? given : randomUUID();
}

/** `If-Match: "7"` (or W/"7", or 7) → 7; absent or `*` → undefined. */
export function ifMatchOf(req: Request): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined || raw.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw new DomainError('validation_failed', 'If-Match must be the integration version in quotes, e.g. "3"');
  return Number(m[1]);
}

export const etagOf = (version: number): string => `"${version}"`;
