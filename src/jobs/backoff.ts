/**
 * Delay before the next attempt at a Slack call that failed for a reason that
 * may pass: exponential from `baseMs`, capped at `maxMs`, with jitter so that a
 * backlog does not retry in lockstep, and never sooner than Slack's Retry-After.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAfterSeconds?: number; random?: () => number },
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential * (0.75 + 0.5 * (options.random ?? Math.random)());
  const floor = (options.retryAfterSeconds ?? 0) * 1000;
  return Math.round(Math.max(floor, Math.min(options.maxMs, jittered)));
}
