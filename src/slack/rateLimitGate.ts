import { ErrorCode, type WebAPIRateLimitedError } from '@slack/web-api';
import { retryAfterSeconds } from './slackErrors.js';

/** After a 429, posts to the channel keep Slack's documented pace (one a second) for this long. */
const PACED_FOR_MS = 60_000;
const PACE_MS = 1_000;

/**
 * Slack's Retry-After holds for the channel's posts, not for the one call
 * that got it. After a 429 this gate turns posts away until the wait is over,
 * each with the seconds still to wait; and for a minute after it, posts keep
 * Slack's pace of one a second, so a steady stream of leads to one channel
 * does not knock every second (each knock a job failed and rescheduled).
 */
export function createRateLimitGate(now: () => number = Date.now) {
  let closedUntil = 0;
  let pacedUntil = 0;
  let lastSentAt = 0;
  /** When the next post may go: after Slack's wait, and a second after the last one while paced. */
  const openAt = () => Math.max(closedUntil, now() < pacedUntil ? lastSentAt + PACE_MS : 0);
  return {
    /** Throws a rate-limited error while Slack's wait (or the pace) is running. */
    check(): void {
      const remainingMs = openAt() - now();
      if (remainingMs > 0) throw rateLimited(Math.ceil(remainingMs / 1000));
    },
    /**
     * Waits for the gate to open when that is at most `maxWaitMs` away (a
     * post in line waits its turn instead of failing); otherwise throws like check().
     */
    async waitIfShort(maxWaitMs: number): Promise<void> {
      const remainingMs = openAt() - now();
      if (remainingMs <= 0) return;
      if (remainingMs > maxWaitMs) throw rateLimited(Math.ceil(remainingMs / 1000));
      await new Promise((resolve) => setTimeout(resolve, remainingMs));
    },
    /** Notes a post Slack took (for the pace). */
    sent(): void {
      lastSentAt = now();
    },
    /** Notes a 429 from Slack; other errors pass through unchanged. */
    record(error: unknown): void {
      const seconds = retryAfterSeconds(error);
      if (seconds === undefined) return;
      closedUntil = Math.max(closedUntil, now() + seconds * 1000);
      pacedUntil = now() + PACED_FOR_MS;
    },
  };
}

function rateLimited(retryAfter: number): WebAPIRateLimitedError {
  return Object.assign(new Error(`Slack asked us to wait ${retryAfter}s before posting again`), {
    code: ErrorCode.RateLimitedError,
    retryAfter,
  }) as WebAPIRateLimitedError;
}
