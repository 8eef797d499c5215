/**
 * Runs tasks one after another per key (and in parallel across keys), so two
 * updates of one Slack message cannot overtake each other.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    /** Resolves when no task is queued or running, for any key. */
    async idle(): Promise<{ waited: boolean }> {
      const waited = tails.size > 0;
      while (tails.size > 0) await Promise.allSettled([...tails.values()]);
      return { waited };
    },
    /** Whether a task of this key is queued or running. */
    has(key: string): boolean {
      return tails.has(key);
    },
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(task);
      tails.set(key, next);
      // Forget the key once its last task is done, so the map stays small.
      void next.catch(() => undefined).then(() => tails.get(key) === next && tails.delete(key));
      return next;
    },
  };
}
