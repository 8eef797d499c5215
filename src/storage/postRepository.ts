import mongoose from 'mongoose';
import type { Lead, LeadQueue } from '../leads/lead.js';
import type { AccountSummary } from '../routing/accounts.js';
import { LeadModel } from './leadModel.js';
import { toLead } from './leadDocuments.js';

/** Where each lead's post stands: attempts, success, permanent failure. */

/**
 * Records where the lead was posted. Only a pending post can become posted.
 * Returns the lead as it is now, with whatever happened to it while it was
 * being posted; null when it was not pending.
 */
export async function markPosted(id: string, channelId: string, ts: string, at: Date): Promise<Lead | null> {
  const doc = await LeadModel.findOneAndUpdate(
    { _id: id, 'post.status': 'pending' },
    { $set: { post: { status: 'posted', channelId, ts, postedAt: at } } },
    { returnDocument: 'after' },
  ).lean();
  return doc ? toLead(doc) : null;
}

/**
 * Reads a lead that is waiting to be posted and counts the attempt about to be
 * made, in one step. Returns the lead as it was before this attempt (so
 * `post.attempts` says whether an earlier one may have landed), or null when
 * the lead is not waiting to be posted.
 */
export async function startPostAttempt(id: string): Promise<Lead | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const doc = await LeadModel.findOneAndUpdate(
    { _id: id, 'post.status': 'pending' },
    { $inc: { 'post.attempts': 1 } },
    { returnDocument: 'before' },
  ).lean();
  return doc ? toLead(doc) : null;
}

export async function markPostFailed(id: string, error: string, at: Date): Promise<void> {
  await LeadModel.updateOne({ _id: id, 'post.status': 'pending' }, { $set: { post: { status: 'failed', error, failedAt: at } } });
}


/** Records the queue a pending lead is posted to (so a retry posts to the same channel). */
export async function setQueue(id: string, queue: LeadQueue): Promise<void> {
  await LeadModel.updateOne({ _id: id, 'post.status': 'pending' }, { $set: { queue } });
}

/** Keeps what was known of the lead's company when it was posted. */
export async function setAccount(id: string, account: AccountSummary): Promise<void> {
  await LeadModel.updateOne({ _id: id }, { $set: { account } });
}
