/**
 * A lookup by key, asked again at most once per `ttlMs` per key; when the
 * lookup fails, the last answer (or `fallback`) stands, and is kept for the
 * next `ttlMs` too. For Slack facts that change rarely (a user's time zone,
 * a user group's members).
 */
export function cachedLookup<T>(ttlMs: number, lookup: (key: string) => Promise<T>, fallback: (key: string, error: unknown) => T) {
  const entries = new Map<string, { value: T; until: number }>();
  return async (key: string): Promise<T> => {
    const hit = entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = await lookup(key).catch((error: unknown) => (hit ? hit.value : fallback(key, error)));
    entries.set(key, { value, until: Date.now() + ttlMs });
    return value;
  };
}
