import mongoose, { Schema } from 'mongoose';

/**
 * One record per digest week: whether it was sent, and where. With several
 * instances and restarts, this is what makes "exactly one digest a week":
 * a run holds a short lease while it sends, and a sent week is never sent again.
 */
const digestRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['sending', 'sent'], required: true },
    /** Sends tried so far: after one, a retry first looks for the message it may have left. */
    attempts: { type: Number, default: 0 },
    firstStartedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    sentAt: Date,
    channelId: String,
    ts: String,
  },
  { collection: 'digest_runs', versionKey: false },
);

export const DigestRunModel = mongoose.model('DigestRun', digestRunSchema);

export type DigestRunStart = { kind: 'start'; attempts: number; firstStartedAt: Date } | { kind: 'sent' } | { kind: 'busy' };

/** Takes the week's lease, unless the week was sent or another run holds the lease. */
export async function beginDigestRun(week: string, now: Date, leaseMs: number): Promise<DigestRunStart> {
  try {
    const before = await DigestRunModel.findOneAndUpdate(
      { _id: week, status: 'sending', leaseUntil: { $lte: now } },
      { $set: { leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 }, $setOnInsert: { firstStartedAt: now } },
      { upsert: true, returnDocument: 'before' },
    ).lean();
    return { kind: 'start', attempts: before?.attempts ?? 0, firstStartedAt: before?.firstStartedAt ?? now };
  } catch (error) {
    // The week exists but did not match: it was sent, or a run holds it.
    if ((error as { code?: number }).code !== 11000) throw error;
    const run = await DigestRunModel.findById(week).lean();
    return run?.status === 'sent' ? { kind: 'sent' } : { kind: 'busy' };
  }
}

export async function markDigestSent(week: string, channelId: string, ts: string, now: Date): Promise<void> {
  await DigestRunModel.updateOne({ _id: week }, { $set: { status: 'sent', sentAt: now, channelId, ts } });
}

/** Hands the lease back after a failed send, so the job's retry can start at once. */
export async function releaseDigestRun(week: string, now: Date): Promise<void> {
  await DigestRunModel.updateOne({ _id: week, status: 'sending' }, { $set: { leaseUntil: now } });
}
