/**
 * Delay before the next attempt at a Slack call that failed for a reason that
 * may pass.
 * - Slack said 429 with Retry-After: wait exactly that, plus under a second
 *   of jitter so a backlog does not return in lockstep. A rate limit is
 *   Slack pacing us, not a failure: it does not grow the backoff.
 * - Anything else (5xx, timeouts, network): exponential from `baseMs` by the
 *   number of such failures (`attempt`, rate limits not counted), capped at
 *   `maxMs`, with ±25% jitter.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAfterSeconds?: number; random?: () => number },
): number {
  const random = options.random ?? Math.random;
  if (options.retryAfterSeconds !== undefined) return Math.round(options.retryAfterSeconds * 1000 + Math.min(999, random() * 1000));
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential * (0.75 + 0.5 * random());
  return Math.round(Math.min(options.maxMs, jittered));
}

/** What a job keeps in its data to tell Slack's pacing from failures. */
export type RateLimitCount = { rateLimited?: number };

/** Failures that count towards the backoff and a job's retry cap: every attempt but the 429s. */
export function failuresOf(ctx: { attempt: number; jobData?: unknown }): number {
  const rateLimited = (ctx.jobData as RateLimitCount | undefined)?.rateLimited ?? 0;
  return Math.max(1, ctx.attempt - rateLimited);
}
