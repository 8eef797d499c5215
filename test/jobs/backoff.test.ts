import { describe, expect, it } from 'vitest';
import { failuresOf, retryDelayMs } from '../../src/jobs/backoff.js';
import { createRateLimitGate } from '../../src/slack/rateLimitGate.js';
import { ErrorCode } from '@slack/web-api';

const noJitter = () => 0.5;

describe('retryDelayMs', () => {
  it('doubles from the base and stops growing at the cap', () => {
    const delays = [1, 2, 3, 4, 10].map((attempt) => retryDelayMs(attempt, { baseMs: 1000, maxMs: 5000, random: noJitter }));
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('waits exactly Slack’s Retry-After after a 429, plus under a second of jitter, however many came before', () => {
    expect(retryDelayMs(1, { baseMs: 100, maxMs: 1000, retryAfterSeconds: 30, random: () => 0 })).toBe(30_000);
    expect(retryDelayMs(25, { baseMs: 2000, maxMs: 300_000, retryAfterSeconds: 1, random: () => 0 })).toBe(1000);
    expect(retryDelayMs(25, { baseMs: 2000, maxMs: 300_000, retryAfterSeconds: 1, random: () => 0.9999 })).toBe(1999);
  });

  it('does not count 429s as failures that grow the backoff or use up the retries', () => {
    // Attempt 26 after 25 rate limits is the first real failure.
    expect(failuresOf({ attempt: 26, jobData: { leadId: 'x', rateLimited: 25 } })).toBe(1);
    expect(retryDelayMs(failuresOf({ attempt: 26, jobData: { rateLimited: 25 } }), { baseMs: 1000, maxMs: 60_000, random: noJitter })).toBe(1000);
    expect(failuresOf({ attempt: 3, jobData: undefined })).toBe(3);
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

describe('the rate-limit gate’s pace', () => {
  it('after a 429, keeps one post a second on the channel for a minute, then lets bursts through again', () => {
    let now = 2_000_000;
    const gate = createRateLimitGate(() => now);
    gate.sent();
    gate.check(); // bursts are fine before any 429
    gate.record({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    now += 1_000;
    gate.check(); // Slack's wait is over
    gate.sent();
    expect(() => gate.check()).toThrow(/wait 1s/); // paced: a second after the last post
    now += 1_000;
    gate.check();
    now += 60_000;
    gate.sent();
    gate.check(); // the minute is over: no pace
  });
});
