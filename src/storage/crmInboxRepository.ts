import mongoose, { Schema } from 'mongoose';
import type { CrmNotice, CrmSystem } from '../crm/notice.js';
import { normalizeEmail } from '../leads/leadInput.js';

/**
 * Every notice a CRM delivered natively (HubSpot webhooks, Salesforce
 * Outbound Messages), stored before the CRM is answered: its id is the
 * CRM's delivery id, so a retried delivery is stored once. What became of
 * it (applied, kept until a rep claims the lead, waiting for the lead to
 * arrive, dropped and why) stays readable for admins.
 */
export type NoticeStatus = 'received' | 'applied' | 'pending_claim' | 'waiting' | 'dropped';

const inboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    system: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    match: { type: Object, required: true },
    /** The ids and `email:<address>` the notice can match a lead by, for "which notices wait for this lead". */
    matchKeys: { type: [String], default: [] },
    step: String,
    details: Object,
    link: { type: [String], default: undefined },
    said: { type: String, required: true },
    status: { type: String, required: true },
    why: String,
    leadId: String,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'crm_inbox', versionKey: false },
);
inboxSchema.index({ status: 1, matchKeys: 1 }, { name: 'crm_inbox_waiting' });
inboxSchema.index({ status: 1, receivedAt: 1 }, { name: 'crm_inbox_status_received' });

export const CrmInboxModel = mongoose.model('CrmInbox', inboxSchema);

export type StoredNotice = CrmNotice & { status: NoticeStatus; receivedAt: Date; why?: string; leadId?: string; updatedAt: Date };

export function matchKeysOf(match: { ids: string[]; email?: string }): string[] {
  return [...match.ids, ...(match.email ? [`email:${normalizeEmail(match.email)}`] : [])];
}

/** Stores the notices not stored before; answers which ids are new and which were already there (a CRM's retry). */
export async function storeNotices(notices: CrmNotice[], now: Date): Promise<{ stored: string[]; repeated: string[] }> {
  const stored: string[] = [];
  const repeated: string[] = [];
  for (const notice of notices) {
    try {
      await CrmInboxModel.collection.insertOne({
        _id: notice.id as never,
        system: notice.system,
        occurredAt: notice.occurredAt,
        receivedAt: now,
        match: notice.match,
        matchKeys: matchKeysOf(notice.match),
        ...(notice.step ? { step: notice.step } : {}),
        ...(notice.details ? { details: notice.details } : {}),
        ...(notice.link ? { link: notice.link } : {}),
        said: notice.said,
        status: 'received',
        updatedAt: now,
      });
      stored.push(notice.id);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      repeated.push(notice.id);
    }
  }
  return { stored, repeated };
}

function toNotice(doc: Record<string, unknown>): StoredNotice {
  const { _id, matchKeys: _keys, ...rest } = doc;
  return { ...(rest as Omit<StoredNotice, 'id'>), id: String(_id), system: rest.system as CrmSystem };
}

/** These notices, oldest first (the order the CRM says things happened). */
export async function findNotices(ids: string[]): Promise<StoredNotice[]> {
  const docs = await CrmInboxModel.find({ _id: { $in: ids } }).sort({ occurredAt: 1, _id: 1 }).lean();
  return docs.map((d) => toNotice(d as Record<string, unknown>));
}

/** Notices waiting for a lead that has one of these keys, oldest first. */
export async function findWaiting(keys: string[], limit: number): Promise<StoredNotice[]> {
  if (keys.length === 0) return [];
  const docs = await CrmInboxModel.find({ status: 'waiting', matchKeys: { $in: keys } }).sort({ occurredAt: 1, _id: 1 }).limit(limit).lean();
  return docs.map((d) => toNotice(d as Record<string, unknown>));
}

/** Whether any notice waits for its lead. */
export async function anyWaiting(): Promise<boolean> {
  return (await CrmInboxModel.collection.findOne({ status: 'waiting' }, { projection: { _id: 1 } })) !== null;
}

/** Notices waiting for their lead that were received since `since`. */
export async function findWaitingReceivedSince(since: Date, limit: number): Promise<string[]> {
  const docs = await CrmInboxModel.find({ status: 'waiting', receivedAt: { $gte: since } }, { _id: 1 }).sort({ receivedAt: 1 }).limit(limit).lean();
  return docs.map((d) => String(d._id));
}

/** Notices stored but never worked on (their instance died before it could), received before `before`. */
export async function findUnprocessedIds(before: Date, limit: number): Promise<string[]> {
  const docs = await CrmInboxModel.find({ status: 'received', receivedAt: { $lt: before } }, { _id: 1 }).sort({ receivedAt: 1 }).limit(limit).lean();
  return docs.map((d) => String(d._id));
}

export async function setStatus(id: string, status: NoticeStatus, now: Date, extra: { why?: string; leadId?: string } = {}): Promise<void> {
  await CrmInboxModel.updateOne({ _id: id }, { $set: { status, updatedAt: now, ...extra }, ...(extra.why === undefined ? { $unset: { why: '' } } : {}) });
}

/** How many notices are in each state, and the latest ones that need a person's eye (waiting, dropped). */
export async function inboxOverview(limit: number): Promise<{ counts: Partial<Record<NoticeStatus, number>>; attention: StoredNotice[] }> {
  const grouped = await CrmInboxModel.aggregate<{ _id: NoticeStatus; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]);
  const attention = await CrmInboxModel.find({ status: { $in: ['waiting', 'dropped'] } }).sort({ updatedAt: -1 }).limit(limit).lean();
  return { counts: Object.fromEntries(grouped.map((g) => [g._id, g.n])), attention: attention.map((d) => toNotice(d as Record<string, unknown>)) };
}

/** Drops notices that have waited since before `before` for a lead that never came. */
export async function dropWaitingBefore(before: Date, now: Date, why: string): Promise<number> {
  const result = await CrmInboxModel.updateMany({ status: 'waiting', receivedAt: { $lt: before } }, { $set: { status: 'dropped', why, updatedAt: now } });
  return result.modifiedCount;
}
