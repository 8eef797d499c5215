import mongoose, { Schema } from 'mongoose';
import type { RepRecord } from '../leads/roundRobin.js';

/**
 * What Leadloop keeps per sales rep: whether they are away, and when they
 * were last given a lead by round-robin. Stored, so escalation stays fair
 * across restarts and across instances.
 */
const repSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Away since, and until (exclusive); no `until` means until they say they are back. */
    away: { type: new Schema({ since: { type: Date, required: true }, until: Date }, { _id: false }), default: null },
    lastAssignedAt: Date,
    assignments: { type: Number, default: 0 },
  },
  { collection: 'reps', versionKey: false },
);

export const RepModel = mongoose.model('Rep', repSchema);

export async function findReps(userIds: string[]): Promise<RepRecord[]> {
  const docs = await RepModel.find({ _id: { $in: userIds } }).lean();
  return docs.map((d) => ({
    userId: d._id,
    away: d.away ? { since: d.away.since, ...(d.away.until ? { until: d.away.until } : {}) } : null,
    ...(d.lastAssignedAt ? { lastAssignedAt: d.lastAssignedAt } : {}),
    assignments: d.assignments ?? 0,
  }));
}

export async function setAway(userId: string, since: Date, until: Date | null): Promise<void> {
  await RepModel.updateOne({ _id: userId }, { $set: { away: until ? { since, until } : { since } } }, { upsert: true });
}

/** True when the rep was marked away. */
export async function setBack(userId: string): Promise<boolean> {
  const result = await RepModel.updateOne({ _id: userId, away: { $ne: null } }, { $set: { away: null } });
  return result.modifiedCount === 1;
}

/**
 * Records that `userId` was given a lead, only if nobody else recorded one
 * for them since we read them (compare-and-set on the time and the count,
 * which tells two assignments in the same millisecond apart); false means
 * re-read and pick again.
 */
export async function recordAssignment(rep: RepRecord, at: Date): Promise<boolean> {
  const { userId, lastAssignedAt: previous } = rep;
  try {
    const result = await RepModel.updateOne(
      { _id: userId, lastAssignedAt: previous ?? { $exists: false }, ...(rep.assignments > 0 ? { assignments: rep.assignments } : {}) },
      { $set: { lastAssignedAt: at }, $inc: { assignments: 1 } },
      { upsert: true },
    );
    return result.modifiedCount === 1 || result.upsertedCount === 1;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/** Takes back an assignment recorded at `at` whose lead went elsewhere, if nothing came after it. */
export async function undoAssignment(userId: string, previous: Date | undefined, at: Date): Promise<void> {
  await RepModel.updateOne(
    { _id: userId, lastAssignedAt: at },
    previous ? { $set: { lastAssignedAt: previous }, $inc: { assignments: -1 } } : { $unset: { lastAssignedAt: '' }, $inc: { assignments: -1 } },
  );
}
