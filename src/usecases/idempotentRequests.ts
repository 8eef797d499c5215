import * as idempotency from '../storage/idempotencyRepository.js';

export type { Reservation } from '../storage/idempotencyRepository.js';

/**
 * Requests that carry an Idempotency-Key (CRM events): a key is held under a
 * lease while its request runs, its answer is replayed for a day after, and
 * a key whose holder died is taken over after the lease.
 */
export const idempotentRequests = {
  /** Claims the key for this request (`holder`), or says what happened to it before. */
  reserve: (key: string, fingerprint: string, holder: string, now: Date, leaseMs: number) => idempotency.reserve(key, fingerprint, holder, now, leaseMs),
  /** Records the answer, if this request still holds the key. */
  complete: (key: string, holder: string, status: number, body: unknown) => idempotency.complete(key, holder, status, body),
  /** A request that failed unexpectedly frees its key so the client can retry it. */
  release: (key: string, holder: string) => idempotency.release(key, holder),
};
