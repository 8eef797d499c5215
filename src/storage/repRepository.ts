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

/** Leads each rep was given by turn, per queue and day (the team's), kept a week. */
const turnSchema = new Schema(
  {
    _id: { type: String, required: true },
    queue: { type: String, required: true },
    day: { type: String, required: true },
    userId: { type: String, required: true },
    count: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { collection: 'rep_turns', versionKey: false },
);
turnSchema.index({ createdAt: 1 }, { expireAfterSeconds: 7 * 24 * 3600, name: 'rep_turns_ttl' });
export const RepTurnModel = mongoose.model('RepTurn', turnSchema);

const turnId = (queue: string, day: string, userId: string) => `${day}|${queue}|${userId}`;

export async function turnsToday(queue: string, day: string, userIds: string[]): Promise<Map<string, number>> {
  const docs = await RepTurnModel.find({ _id: { $in: userIds.map((u) => turnId(queue, day, u)) } }).lean();
  return new Map(docs.map((d) => [d.userId, d.count ?? 0]));
}

/**
 * Takes a rep's turn in a queue today, only if their count is still the one
 * the choice was made on (compare-and-set): two instances choosing at once
 * cannot both count the same turn, so counts stay exact and the next choice
 * fair. False: re-read and choose again.
 */
export async function takeTurn(queue: string, day: string, userId: string, expected: number, at: Date): Promise<boolean> {
  try {
    const result = await RepTurnModel.updateOne(
      { _id: turnId(queue, day, userId), count: expected },
      { $inc: { count: 1 }, $setOnInsert: { queue, day, userId, createdAt: at } },
      { upsert: expected === 0 },
    );
    return result.modifiedCount === 1 || result.upsertedCount === 1;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/** Gives back a turn whose lead went elsewhere (someone claimed it meanwhile). */
export async function giveBackTurn(queue: string, day: string, userId: string): Promise<void> {
  await RepTurnModel.updateOne({ _id: turnId(queue, day, userId), count: { $gt: 0 } }, { $inc: { count: -1 } });
}

/** Notes when a rep was last given a lead (the tie-break between equal shares). */
export async function markAssigned(userId: string, at: Date): Promise<void> {
  await RepModel.updateOne({ _id: userId }, { $max: { lastAssignedAt: at }, $inc: { assignments: 1 } }, { upsert: true });
}
