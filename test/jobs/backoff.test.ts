import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/jobs/backoff.js';
import { createRateLimitGate } from '../../src/slack/rateLimitGate.js';
import { ErrorCode } from '@slack/web-api';

const noJitter = () => 0.5;

describe('retryDelayMs', () => {
  it('doubles from the base and stops growing at the cap', () => {
    const delays = [1, 2, 3, 4, 10].map((attempt) => retryDelayMs(attempt, { baseMs: 1000, maxMs: 5000, random: noJitter }));
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('never retries sooner than Slack’s Retry-After', () => {
    expect(retryDelayMs(1, { baseMs: 100, maxMs: 1000, retryAfterSeconds: 30, random: noJitter })).toBe(30_000);
  });

  it('spreads retries by ±25%', () => {
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 10_000, random: () => 0 })).toBe(750);
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 10_000, random: () => 1 })).toBe(1250);
  });
});

describe('the rate-limit gate', () => {
  it('turns posts away until Slack’s wait is over, with the seconds left', () => {
    let now = 1_000_000;
    const gate = createRateLimitGate(() => now);
    gate.check();
    gate.record({ code: ErrorCode.RateLimitedError, retryAfter: 3 });
    expect(() => gate.check()).toThrow(/wait 3s/);
    now += 2_500;
    try {
      gate.check();
      expect.unreachable();
    } catch (error) {
      expect((error as { retryAfter: number }).retryAfter).toBe(1);
    }
    now += 600;
    expect(() => gate.check()).not.toThrow();
  });

  it('ignores errors that are not rate limits', () => {
    const gate = createRateLimitGate(() => 0);
    gate.record(new Error('boom'));
    expect(() => gate.check()).not.toThrow();
  });
});
