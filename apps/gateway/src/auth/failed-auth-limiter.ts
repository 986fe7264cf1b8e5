import { LRUCache } from 'lru-cache';

const WINDOW_MS = 10_000;
const MAX_FAILURES = 30;

/**
 * Failed authentications per client address in a sliding window. A client past
 * the limit is answered 429 without a token lookup until its window clears,
 * except with a token that was valid a moment ago (so a shared address does
 * not lock out its legitimate users); other clients are never affected.
 */
export class FailedAuthLimiter {
  private readonly failures = new LRUCache<string, number[]>({ max: 50_000, ttl: WINDOW_MS });
  private readonly recentlyValid = new LRUCache<string, true>({ max: 50_000, ttl: 60_000 });

  private recent(client: string, now = Date.now()): number[] {
    return (this.failures.get(client) ?? []).filter((t) => now - t < WINDOW_MS);
  }

  /** Seconds until the client may try again, or 0 when it is not limited. */
  retryAfter(client: string, tokenHash: string | undefined): number {
    if (tokenHash && this.recentlyValid.has(tokenHash)) return 0;
    const recent = this.recent(client);
    if (recent.length < MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - MAX_FAILURES] + WINDOW_MS - Date.now()) / 1000));
  }

  failed(client: string): void {
    const recent = this.recent(client);
    recent.push(Date.now());
    // keep the window bounded: only the last MAX_FAILURES matter
    this.failures.set(client, recent.slice(-MAX_FAILURES));
  }

  succeeded(tokenHash: string): void {
    this.recentlyValid.set(tokenHash, true);
  }
}
