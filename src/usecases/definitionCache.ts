import type { ActiveDefinition } from './leadDefinition.js';
import { findActive } from '../storage/definitionRepository.js';

/**
 * The active definition, read from the database at most once per `ttlMs`, so
 * intake does not pay a read per lead while a change made on another
 * instance still arrives within seconds.
 */
export function createDefinitionCache(
  ttlMs: number,
  now: () => number = Date.now,
  /** What to do when none is stored (the definitions were deleted): put one in force again. */
  whenMissing: () => Promise<ActiveDefinition> = () => Promise.reject(new Error('no active lead definition (ensureDefinition runs at start-up)')),
) {
  let cached: { value: ActiveDefinition; until: number } | undefined;
  return {
    async current(): Promise<ActiveDefinition> {
      if (cached && cached.until > now()) return cached.value;
      const stored = await findActive();
      const active = stored ? { version: stored.version, definition: stored.definition } : await whenMissing();
      cached = { value: active, until: now() + ttlMs };
      return cached.value;
    },
    /** Drops the cached copy, e.g. right after a change on this instance. */
    forget() {
      cached = undefined;
    },
  };
}

export type DefinitionCache = ReturnType<typeof createDefinitionCache>;
