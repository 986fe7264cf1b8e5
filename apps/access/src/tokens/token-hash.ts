import { createHash, randomBytes } from 'node:crypto';

/** Tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return `ilm_${randomBytes(32).toString('base64url')}`;
}
