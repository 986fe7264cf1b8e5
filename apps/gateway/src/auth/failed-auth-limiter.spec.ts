import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  afterEach(() => jest.useRealTimers());

  it('limits a client after 30 failures in 10 s, and only that client', () => {
    const limiter = new FailedAuthLimiter();
    for (let i = 0; i < 29; i++) limiter.failed('10.0.0.1');
    expect(limiter.retryAfter('10.0.0.1', undefined)).toBe(0);
    limiter.failed('10.0.0.1');
    expect(limiter.retryAfter('10.0.0.1', undefined)).toBeGreaterThan(0);
    expect(limiter.retryAfter('10.0.0.2', undefined)).toBe(0);
  });

  it('lets a recently valid token through a limited address', () => {
    const limiter = new FailedAuthLimiter();
    for (let i = 0; i < 40; i++) limiter.failed('10.0.0.1');
    limiter.succeeded('good');
    expect(limiter.retryAfter('10.0.0.1', 'good')).toBe(0);
    expect(limiter.retryAfter('10.0.0.1', 'other')).toBeGreaterThan(0);
  });

  it('forgets failures once the window has passed', () => {
    jest.useFakeTimers();
    const limiter = new FailedAuthLimiter();
    for (let i = 0; i < 40; i++) limiter.failed('10.0.0.1');
    expect(limiter.retryAfter('10.0.0.1', undefined)).toBeGreaterThan(0);
    jest.advanceTimersByTime(10_001);
    expect(limiter.retryAfter('10.0.0.1', undefined)).toBe(0);
  });
});
