import mongoose, { Schema } from 'mongoose';

/**
 * Answers already given to requests that carried an Idempotency-Key, so a
 * retried request gets the same answer and changes nothing twice. Kept for a
 * day (TTL index).
 */
const idempotencySchema = new Schema(
  {
    key: { type: String, required: true },
    /** What the key was used for (method, path and body), to refuse reuse for another request. */
    fingerprint: { type: String, required: true },
    status: { type: Number, default: null },
    body: { type: Object, default: null },
    createdAt: { type: Date, required: true },
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

/** Claims a key for this request, or says what happened to it before. */
export async function reserve(key: string, fingerprint: string, now: Date): Promise<Reservation> {
  try {
    await IdempotencyModel.collection.insertOne({ key, fingerprint, status: null, body: null, createdAt: now });
    return { kind: 'new' };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const earlier = await IdempotencyModel.findOne({ key }).lean();
  if (!earlier) return reserve(key, fingerprint, now); // expired in between
  if (earlier.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (earlier.status === null || earlier.status === undefined) return { kind: 'in_progress' };
  return { kind: 'replay', status: earlier.status, body: earlier.body };
}

export async function complete(key: string, status: number, body: unknown): Promise<void> {
  await IdempotencyModel.updateOne({ key }, { $set: { status, body } });
}

/** A request that failed unexpectedly frees its key so the client can retry it. */
export async function release(key: string): Promise<void> {
  await IdempotencyModel.deleteOne({ key, status: null });
}
