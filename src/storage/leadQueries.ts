import { OPEN_STAGES, type Lead, type Origin, type Stage } from '../leads/lead.js';
import type { AccountGroup } from '../routing/accounts.js';
import { normalizeEmail } from '../leads/leadInput.js';
import { accentInsensitivePattern } from '../leads/textMatch.js';
import mongoose from 'mongoose';
import type { LeadFields } from '../leads/lead.js';
import { LeadModel } from './leadModel.js';
import { toLead } from './leadDocuments.js';

/**
 * Every query that reads leads (what storage/leadReports.ts aggregates aside):
 * lookups by id and identity, lists and search for people, and the leads the
 * jobs and sweeps look at. Writes are in leadRepository.ts and its siblings.
 */

export type ListKind = 'unclaimed' | 'mine' | 'stale' | 'nurture' | 'rejected';
export const LIST_KINDS: ListKind[] = ['unclaimed', 'mine', 'stale', 'nurture', 'rejected'];

/** Open leads without any recorded step for this long are stale. */
export const STALE_AFTER_DAYS = 7;
/** Entries Leadloop writes itself (service-level notices): not steps. */
const NOTICE_EVENTS = ['claim_reminder', 'first_touch_reminder'];

/**
 * Leads matching what someone typed: an email exactly (any case), otherwise
 * a name or company containing the text (any case, any accents: "lopez"
 * finds "López"). Newest first.
 */
export async function findLeads(text: string, limit: number): Promise<Lead[]> {
  const wanted = text.trim();
  if (wanted.includes('@')) {
    const docs = await LeadModel.find({ 'contact.emailKey': normalizeEmail(wanted) }).limit(limit).lean();
    return docs.map(toLead);
  }
  const pattern = new RegExp(accentInsensitivePattern(wanted), 'i');
  const docs = await LeadModel.find({ $or: [{ 'contact.name': pattern }, { 'company.name': pattern }] })
    .sort({ receivedAt: -1 })
    .limit(limit)
    .lean();
  return docs.map(toLead);
}

/**
 * What a list row needs of a lead: its history, score breakdown and notes
 * stay in the database. A page of Home or `/leads list` then reads a few
 * kilobytes, not every lead's whole life.
 */
const ROW_FIELDS = { history: 0, judgement: 0, qualification: 0, note: 0, reportMessages: 0 } as const;

/**
 * A page of list rows, read with the driver: the filters hold plain strings
 * and nulls, and Home tabs read these pages after every claim, so mongoose's
 * casting of each query was pure overhead there.
 */
function rows(filter: Record<string, unknown>, sort: Record<string, 1 | -1>, skip: number, take: number) {
  return LeadModel.collection.find(filter, { projection: ROW_FIELDS, sort, skip, limit: take }).toArray();
}

/** One page of a list, and whether there is more. Rows carry no history (see ROW_FIELDS). */
export async function listLeads(
  kind: ListKind,
  options: { userId: string; source?: string; now: Date; page: number; pageSize: number },
): Promise<{ leads: Lead[]; more: boolean }> {
  const source = options.source !== undefined ? { source: options.source } : {};
  const skip = options.page * options.pageSize;
  const take = options.pageSize + 1;
  let docs;
  switch (kind) {
    case 'unclaimed':
      docs = await rows({ stage: 'mql', owner: null, ...source }, { receivedAt: 1 }, skip, take);
      break;
    case 'mine':
      docs = await rows({ stage: { $in: [...OPEN_STAGES] }, 'owner.userId': options.userId, ...source }, { receivedAt: 1 }, skip, take);
      break;
    case 'nurture':
    case 'rejected':
      docs = await rows({ stage: kind, ...source }, { receivedAt: -1 }, skip, take);
      break;
    case 'stale': {
      const cutoff = new Date(options.now.getTime() - STALE_AFTER_DAYS * 24 * 3_600_000);
      const ids = await LeadModel.aggregate<{ _id: unknown }>([
        { $match: { stage: { $in: OPEN_STAGES }, ...source } },
        // Leadloop's own reminders are not a step anyone took: a lead nudged yesterday but untouched for a week is stale.
        {
          $project: {
            lastAt: { $max: { $map: { input: { $filter: { input: '$history', as: 'e', cond: { $not: [{ $in: ['$$e.event', NOTICE_EVENTS] }] } } }, as: 'e', in: '$$e.at' } } },
            receivedAt: 1,
          },
        },
        { $match: { lastAt: { $lt: cutoff } } },
        { $sort: { lastAt: 1 } },
        { $skip: skip },
        { $limit: take },
      ]);
      const found = await LeadModel.find({ _id: { $in: ids.map((d) => d._id) } }, ROW_FIELDS).lean();
      const order = new Map(ids.map((d, i) => [String(d._id), i]));
      docs = found.sort((a, b) => order.get(String(a._id))! - order.get(String(b._id))!);
      break;
    }
  }
  return { leads: docs.slice(0, options.pageSize).map(toLead), more: docs.length > options.pageSize };
}

/**
 * Every lead received in [start, end), optionally of one source and campaign,
 * oldest first, read in batches from a cursor: a caller can walk 100,000
 * leads without holding them all. The filter is the reports' (`lead_received`
 * and friends serve it).
 */
/** The leads of one origin, as a query; leads stored before origins existed have none and are marketing's (`null` matches the missing field). */
export function originMatch(origin: Origin | undefined): { origin?: 'sales' | { $in: Array<'marketing' | null> } } {
  if (origin === undefined) return {};
  return { origin: origin === 'sales' ? 'sales' : { $in: ['marketing', null] } };
}

export async function* leadsReceived(period: { start: Date; end: Date }, filter: { source?: string; campaign?: string; origin?: Origin; queue?: string }): AsyncGenerator<Lead> {
  const query = {
    ...(filter.source !== undefined ? { source: filter.source } : {}),
    ...(filter.campaign !== undefined ? { campaign: filter.campaign } : {}),
    ...(filter.queue !== undefined ? { 'queue.name': filter.queue } : {}),
    ...originMatch(filter.origin),
    receivedAt: { $gte: period.start, $lt: period.end },
  };
  const cursor = LeadModel.find(query).sort({ receivedAt: 1, _id: 1 }).lean().cursor({ batchSize: 500 });
  try {
    for await (const doc of cursor) yield toLead(doc);
  } finally {
    await cursor.close();
  }
}

/** The lead this person already is: by external id first, then by email. */
export async function findByIdentity(fields: Pick<LeadFields, 'externalId' | 'contact'>): Promise<Lead | null> {
  if (fields.externalId) {
    const byExternalId = await LeadModel.findOne({ externalId: fields.externalId }).lean();
    if (byExternalId) return toLead(byExternalId);
  }
  if (fields.contact.email) {
    const byEmail = await LeadModel.findOne({ 'contact.emailKey': normalizeEmail(fields.contact.email) }).lean();
    if (byEmail) return toLead(byEmail);
  }
  return null;
}

/** The lead a CRM record is: by external id or a linked CRM id, else by email. */
export async function findByCrmMatch(match: { ids: string[]; email?: string }): Promise<Lead | null> {
  if (match.ids.length > 0) {
    const byId = (await LeadModel.findOne({ externalId: { $in: match.ids } }).lean()) ?? (await LeadModel.findOne({ crmIds: { $in: match.ids } }).lean());
    if (byId) return toLead(byId);
  }
  if (match.email) {
    const byEmail = await LeadModel.findOne({ 'contact.emailKey': normalizeEmail(match.email) }).lean();
    if (byEmail) return toLead(byEmail);
  }
  return null;
}

/**
 * The other leads from a company (any of its keys), the latest `limit` of
 * them, counted in the groups the account summary tells apart (stage, owner,
 * and the currency of a won amount): one small answer however many there are.
 */
export async function findAccountGroups(keys: string[], exceptId: string, limit: number): Promise<AccountGroup[]> {
  if (keys.length === 0) return [];
  const rows = await LeadModel.collection
    .aggregate<{
      _id: { stage: Stage; ownerId?: string | null; kind?: string | null; currency?: string | null };
      leads: number;
      latestClaimedAt: Date | null;
      amount: number;
      anyAmount: number | null;
    }>([
      { $match: { accountKeys: { $in: keys }, _id: { $ne: new mongoose.Types.ObjectId(exceptId) } } },
      { $sort: { receivedAt: -1 } },
      { $limit: limit },
      {
        $group: {
          _id: { stage: '$stage', ownerId: '$owner.userId', kind: '$outcome.kind', currency: '$outcome.currency' },
          leads: { $sum: 1 },
          latestClaimedAt: { $max: '$owner.claimedAt' },
          amount: { $sum: '$outcome.amount' },
          // Null when none of them has an amount.
          anyAmount: { $max: '$outcome.amount' },
        },
      },
    ])
    .toArray();
  return rows.map((row) => ({
    stage: row._id.stage,
    ownerId: row._id.ownerId ?? null,
    leads: row.leads,
    latestClaimedAt: row.latestClaimedAt ?? null,
    revenue:
      row._id.kind === 'won' && row._id.currency && typeof row.anyAmount === 'number' ? { currency: row._id.currency, amount: row.amount } : null,
  }));
}

export async function findLead(id: string): Promise<Lead | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const doc = await LeadModel.findById(id).lean();
  return doc ? toLead(doc) : null;
}

/** Claimed leads still without a verdict, claimed before `claimedBefore`. */
export async function findVerdictOverdue(claimedBefore: Date, limit: number): Promise<Lead[]> {
  const docs = await LeadModel.find({ stage: 'sal', verdict: null, 'owner.claimedAt': { $lte: claimedBefore } }).limit(limit).lean();
  return docs.map(toLead);
}

/** Leads that were stored but whose post never got scheduled (e.g. a crash in between). */
export async function findPendingPostIds(receivedBefore: Date, limit: number): Promise<string[]> {
  const docs = await LeadModel.find({ 'post.status': 'pending', receivedAt: { $lt: receivedBefore } }, { _id: 1 })
    .sort({ receivedAt: 1 })
    .limit(limit)
    .lean();
  return docs.map((d) => String(d._id));
}

/** The lead holding this email, if any (for the confirmation). */
export async function findByEmail(email: string): Promise<Lead | null> {
  const doc = await LeadModel.findOne({ 'contact.emailKey': normalizeEmail(email) }).lean();
  return doc ? toLead(doc) : null;
}

/*
 * The service-level candidates below are read oldest first, and only those
 * whose clock started at or before `startedBy`: a window (business hours
 * only lengthen it) cannot have ended for a lead whose clock started later.
 * So a check reads the leads that may be due, not every lead still waiting.
 */

/** Posted leads nobody owns that have not been nudged yet, posted at or before `startedBy`. */
export async function findUnclaimedNotReminded(limit: number, startedBy: Date): Promise<Lead[]> {
  const docs = await LeadModel.find({ stage: 'mql', owner: null, 'post.status': 'posted', 'post.postedAt': { $lte: startedBy }, 'serviceLevel.claimRemindedAt': { $exists: false } })
    .sort({ 'post.postedAt': 1 })
    .limit(limit)
    .lean();
  return docs.map(toLead);
}

/** Nudged leads still unowned, not escalated yet, nudged at or before `startedBy`. */
export async function findRemindedNotEscalated(limit: number, startedBy: Date): Promise<Lead[]> {
  const docs = await LeadModel.find({
    stage: 'mql',
    owner: null,
    'serviceLevel.claimRemindedAt': { $lte: startedBy },
    'serviceLevel.escalatedAt': { $exists: false },
  })
    .sort({ 'serviceLevel.claimRemindedAt': 1 })
    .limit(limit)
    .lean();
  return docs.map(toLead);
}

/** Owned, open leads without a first contact whose owner has not been reminded, claimed at or before `startedBy`. */
export async function findUntouchedNotReminded(limit: number, startedBy: Date): Promise<Lead[]> {
  const docs = await LeadModel.find({
    stage: { $in: OPEN_STAGES },
    firstTouchAt: null,
    owner: { $ne: null },
    'owner.claimedAt': { $lte: startedBy },
    'serviceLevel.firstTouchRemindedAt': { $exists: false },
  })
    .sort({ 'owner.claimedAt': 1 })
    .limit(limit)
    .lean();
  return docs.map(toLead);
}
