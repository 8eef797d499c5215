/** The clock a coalescer reads and sets its timers on; tests pass a manual one. */
export type CoalescerClock = {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds; the timer must not keep the process alive. */
  after(ms: number, fn: () => void): void;
};

const realClock: CoalescerClock = {
  now: () => performance.now(),
  after: (ms, fn) => void setTimeout(fn, ms).unref(),
};

/**
 * Runs background refreshes keyed by who they are for: per key at most one
 * running and one pending (asking again while one is pending changes
 * nothing: the pending run reads the latest state when it starts), and at
 * most `concurrency` running across all keys. With `minIntervalMs`, a key's
 * runs also start at least that far apart: the first change after a quiet
 * spell runs at once, later ones are gathered into one run when the interval
 * is up (never dropped). With a `budget`, all keys together start at most so
 * many runs a minute. A burst of changes therefore costs a bounded amount
 * of work, however fast the clicks come, and never floods the database or the
 * Slack API behind people's clicks.
 */
export function createCoalescer(options: {
  concurrency: number;
  onError: (key: string, error: unknown) => void;
  minIntervalMs?: number;
  /**
   * Runs across all keys, as a token bucket: `perMinute` sustained, at most
   * `burst` at once after a quiet spell. Keys asked for beyond it wait their
   * turn (still one pending run each, the latest wins), in the order asked.
   */
  budget?: { perMinute: number; burst: number };
  clock?: CoalescerClock;
}) {
  const clock = options.clock ?? realClock;
  const minInterval = options.minIntervalMs ?? 0;
  const budget = options.budget;
  let tokens = budget?.burst ?? 0;
  let refilledAt = clock.now();
  let budgetTimer = false;

  /** Takes one run from the budget; when it is spent, sets a timer for the next run it allows. */
  function spend(): boolean {
    if (!budget) return true;
    const now = clock.now();
    tokens = Math.min(budget.burst, tokens + ((now - refilledAt) * budget.perMinute) / 60_000);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    if (!budgetTimer) {
      budgetTimer = true;
      clock.after(Math.ceil(((1 - tokens) * 60_000) / budget.perMinute), () => {
        budgetTimer = false;
        pump();
      });
    }
    return false;
  }
  const running = new Set<string>();
  /** Keys asked for and not started yet, in the order they were first asked. */
  const pending = new Map<string, () => Promise<void>>();
  /** When each key's latest run started; forgotten when the key is next asked for after its interval (at most one entry per key). */
  const lastStarted = new Map<string, number>();
  /** Keys with a timer set for the end of their interval. */
  const timed = new Set<string>();
  let active = 0;
  const idleWaiters: Array<() => void> = [];

  /** Whether `key` may start now; if not, a timer is set to look again when it may. */
  function due(key: string): boolean {
    const started = lastStarted.get(key);
    if (started === undefined) return true;
    const wait = started + minInterval - clock.now();
    if (wait <= 0) {
      lastStarted.delete(key);
      return true;
    }
    if (!timed.has(key)) {
      timed.add(key);
      clock.after(wait, () => {
        timed.delete(key);
        pump();
      });
    }
    return false;
  }

  function pump(): void {
    for (const [key, task] of pending) {
      if (active >= options.concurrency) return;
      if (running.has(key) || !due(key)) continue;
      if (!spend()) return;
      pending.delete(key);
      running.add(key);
      if (minInterval > 0) lastStarted.set(key, clock.now());
      active++;
      void task()
        .catch((error: unknown) => options.onError(key, error))
        .finally(() => {
          running.delete(key);
          active--;
          pump();
          if (active === 0 && pending.size === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
        });
    }
  }

  return {
    /** Asks for `task` to run for `key` soon; returns at once. */
    request(key: string, task: () => Promise<void>): void {
      // The newest task wins: it is the one that knows the latest wishes.
      pending.set(key, task);
      // Deferred, so the caller (an acknowledged click) finishes first.
      setImmediate(pump);
    },
    /** Resolves when nothing is running or waiting (runs held back by the interval included). */
    async idle(): Promise<{ waited: boolean }> {
      if (active === 0 && pending.size === 0) return { waited: false };
      await new Promise<void>((resolve) => idleWaiters.push(resolve));
      return { waited: true };
    },
  };
}
