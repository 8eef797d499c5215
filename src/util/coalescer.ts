/**
 * Runs background refreshes keyed by who they are for: per key at most one
 * running and one pending (asking again while one is pending changes
 * nothing: the pending run reads the latest state when it starts), and at
 * most `concurrency` running across all keys. A burst of changes therefore
 * costs a bounded amount of work, however fast the clicks come, and never
 * floods the database or the Slack API behind people's clicks.
 */
export function createCoalescer(options: { concurrency: number; onError: (key: string, error: unknown) => void }) {
  const running = new Set<string>();
  /** Keys asked for and not started yet, in the order they were first asked. */
  const pending = new Map<string, () => Promise<void>>();
  let active = 0;
  const idleWaiters: Array<() => void> = [];

  function pump(): void {
    for (const [key, task] of pending) {
      if (active >= options.concurrency) return;
      if (running.has(key)) continue;
      pending.delete(key);
      running.add(key);
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
    /** Resolves when nothing is running or waiting. */
    async idle(): Promise<{ waited: boolean }> {
      if (active === 0 && pending.size === 0) return { waited: false };
      await new Promise<void>((resolve) => idleWaiters.push(resolve));
      return { waited: true };
    },
  };
}
