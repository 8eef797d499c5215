import mongoose, { Schema } from 'mongoose';
import type { Lead } from '../leads/lead.js';
import { LeadModel } from './leadModel.js';
import { toLead } from './leadDocuments.js';

/**
 * Erasure of a person's data. What identifies or describes the person goes:
 * the contact (name, email, phone, title) and every free-text note (the
 * lead's, the verdict's, the outcome's and each step's). What reports
 * count stays: stage, history (who in sales did what, when), source,
 * campaign, company, score, amounts.
 */

/** The record that an erasure happened: who, when, which lead; never whose data it was. */
const erasureSchema = new Schema(
  { at: { type: Date, required: true }, by: { type: String, required: true }, leadId: { type: String, required: true } },
  { collection: 'erasures', versionKey: false },
);
export const ErasureModel = mongoose.model('Erasure', erasureSchema);

/** Erases the lead's personal data and records it; null when the lead is gone or already erased. */
export async function eraseLead(leadId: string, by: string, at: Date): Promise<Lead | null> {
  if (!mongoose.isValidObjectId(leadId)) return null;
  const current = await LeadModel.findOne({ _id: leadId, erasedAt: { $exists: false } }, { history: 1, stage: 1 }).lean();
  if (!current) return null;
  // Step notes live inside history entries; each is unset by its position.
  const notes = Object.fromEntries(
    (current.history ?? []).flatMap((entry, i) => (entry.details && 'note' in (entry.details as object) ? [[`history.${i}.details.note`, '']] : [])),
  );
  // Two writes: MongoDB refuses to unset inside history and push to it at once.
  const erased = await LeadModel.updateOne(
    { _id: leadId, erasedAt: { $exists: false } },
    { $unset: { contact: '', note: '', 'verdict.note': '', 'outcome.note': '', ...notes }, $set: { erasedAt: at } },
  );
  if (erased.modifiedCount !== 1) return null;
  const doc = await LeadModel.findOneAndUpdate(
    { _id: leadId },
    { $push: { history: { at, by: { kind: 'user', userId: by }, from: current.stage, to: current.stage, event: 'erased' } } },
    { returnDocument: 'after' },
  ).lean();
  if (!doc) return null;
  await ErasureModel.create({ at, by, leadId });
  return toLead(doc);
}

/** Remembers a message that describes the lead, so an erasure can reach it too. */
export async function recordReportMessage(leadId: string, channelId: string, ts: string): Promise<void> {
  await LeadModel.updateOne({ _id: leadId }, { $push: { reportMessages: { channelId, ts } } });
}

