import { ErrorCode, type WebAPIRateLimitedError } from '@slack/web-api';
import { retryAfterSeconds } from './slackErrors.js';

/**
 * Slack's Retry-After holds for the method, not for the one call that got it.
 * After a 429 this gate turns every post away until the wait is over, each
 * with the seconds still to wait, so queued jobs back off instead of knocking.
 */
export function createRateLimitGate(now: () => number = Date.now) {
  let closedUntil = 0;
  return {
    /** Throws a rate-limited error while Slack's wait is running. */
    check(): void {
      const remainingMs = closedUntil - now();
      if (remainingMs > 0) throw rateLimited(Math.ceil(remainingMs / 1000));
    },
    /** Notes a 429 from Slack; other errors pass through unchanged. */
    record(error: unknown): void {
      const seconds = retryAfterSeconds(error);
      if (seconds !== undefined) closedUntil = Math.max(closedUntil, now() + seconds * 1000);
    },
  };
}

function rateLimited(retryAfter: number): WebAPIRateLimitedError {
  return Object.assign(new Error(`Slack asked us to wait ${retryAfter}s before posting again`), {
    code: ErrorCode.RateLimitedError,
    retryAfter,
  }) as WebAPIRateLimitedError;
}
