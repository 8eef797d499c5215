import mongoose, { Schema } from 'mongoose';

/**
 * Answers already given to requests that carried an Idempotency-Key, so a
 * retried request gets the same answer and changes nothing twice. Kept for a
 * day (TTL index). A request holds its key under a short lease while it
 * runs: if its instance dies mid-request, the lease runs out and a retry
 * takes the key over and is processed (once), instead of being told "in
 * progress" for a day.
 */
const idempotencySchema = new Schema(
  {
    key: { type: String, required: true },
    /** What the key was used for (method, path and body), to refuse reuse for another request. */
    fingerprint: { type: String, required: true },
    status: { type: Number, default: null },
    body: { type: Object, default: null },
    createdAt: { type: Date, required: true },
    /** Until when the request that holds the key may still finish it; a retry after this takes it over. */
    leaseUntil: { type: Date },
    /** Which request holds the key: only it may record the answer. */
    holder: { type: String },
  },
  { collection: 'idempotency', versionKey: false },
);
idempotencySchema.index({ key: 1 }, { unique: true, name: 'idempotency_key_unique' });
idempotencySchema.index({ createdAt: 1 }, { expireAfterSeconds: 24 * 3600, name: 'idempotency_ttl' });

export const IdempotencyModel = mongoose.model('Idempotency', idempotencySchema);

export type Reservation =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/**
 * Claims a key for this request (`holder`, for `leaseMs`), or says what
 * happened to it before. An unfinished key whose lease ran out is taken over
 * by one retry, atomically.
 */
export async function reserve(key: string, fingerprint: string, holder: string, now: Date, leaseMs: number): Promise<Reservation> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  try {
    await IdempotencyModel.collection.insertOne({ key, fingerprint, status: null, body: null, createdAt: now, leaseUntil, holder });
    return { kind: 'new' };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const earlier = await IdempotencyModel.findOne({ key }).lean();
  if (!earlier) return reserve(key, fingerprint, holder, now, leaseMs); // expired in between
  if (earlier.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (earlier.status !== null && earlier.status !== undefined) return { kind: 'replay', status: earlier.status, body: earlier.body };
  // Unfinished: its holder may have died. Take it over once the lease is over (a key without one predates leases).
  const takenOver = await IdempotencyModel.updateOne(
    { key, status: null, $or: [{ leaseUntil: { $lt: now } }, { leaseUntil: { $exists: false } }] },
    { $set: { leaseUntil, holder } },
  );
  return takenOver.modifiedCount === 1 ? { kind: 'new' } : { kind: 'in_progress' };
}

/** Records the answer, if this request still holds the key. */
export async function complete(key: string, holder: string, status: number, body: unknown): Promise<void> {
  await IdempotencyModel.updateOne({ key, holder, status: null }, { $set: { status, body }, $unset: { leaseUntil: '' } });
}

/** A request that failed unexpectedly frees its key so the client can retry it. */
export async function release(key: string, holder: string): Promise<void> {
  await IdempotencyModel.deleteOne({ key, holder, status: null });
}
