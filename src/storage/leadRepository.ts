import mongoose from 'mongoose';
import type { Actor, HistoryEntry, Lead, LeadFields, Origin, PendingStep, PostState, Stage, StepDetails, Verdict } from '../leads/lead.js';
import { normalizeEmail } from '../leads/leadInput.js';
import type { Judgement } from '../definition/judge.js';
import type { Transition } from '../leads/transitions.js';
import { LeadModel } from './leadModel.js';
import { toLead } from './leadDocuments.js';

/** Storage of leads. Every function returns plain objects, never documents. */

const DUPLICATE_KEY = 11000;

/** A rep's own prospect: owned by the rep from its arrival, with the `prospected` verdict. */
export type ProspectEntry = { owner: string; verdict: Verdict };

/** Inserts a new lead; resolves to null when the same email or external id already exists. */
export async function insertLead(
  fields: LeadFields,
  stage: Stage,
  post: PostState,
  at: Date,
  by: Actor,
  judgement?: Judgement,
  prospect?: ProspectEntry,
  accountKeys?: string[],
): Promise<Lead | null> {
  const origin: Origin = prospect ? 'sales' : 'marketing';
  const history: HistoryEntry[] = [
    {
      at,
      by,
      from: null,
      to: stage,
      event: prospect ? 'prospected' : 'received',
      ...(judgement ? { definitionVersion: judgement.definitionVersion } : {}),
      ...(prospect ? { details: { assignee: prospect.owner } } : {}),
    },
  ];
  // The fields were validated at the edge (leadInput); inserting through the
  // driver skips mongoose's document machinery, the largest cost per intake.
  const doc = {
    _id: new mongoose.Types.ObjectId(),
    ...fields,
    contact: withEmailKey(fields.contact),
    origin,
    stage,
    ...(judgement ? { judgement } : {}),
    accountKeys: accountKeys ?? [],
    owner: prospect ? { userId: prospect.owner, claimedAt: at } : null,
    ...(prospect ? { verdict: prospect.verdict } : {}),
    post,
    receivedAt: at,
    history,
  };
  try {
    // ignoreUndefined: a stored null would be indexed by the sparse unique
    // indexes and make unrelated leads look like duplicates.
    await LeadModel.collection.insertOne(doc, { ignoreUndefined: true });
    return toLead(doc);
  } catch (error) {
    if (isDuplicateKey(error)) return null;
    throw error;
  }
}

/**
 * Writes merged fields, and, when the merge made the lead qualify, its new stage,
 * but only if the lead is still in the stage we read (optimistic check).
 */
export async function saveMerge(
  lead: Lead,
  fields: LeadFields,
  change: { stage: Stage; post?: PostState; judgement?: Judgement },
  at: Date,
  by: Actor,
): Promise<Lead | null> {
  const entries: HistoryEntry[] = [{ at, by, from: lead.stage, to: lead.stage, event: 'merged' }];
  if (change.stage !== lead.stage) {
    entries.push({ at, by, from: lead.stage, to: change.stage, event: 'qualified', ...(change.judgement ? { definitionVersion: change.judgement.definitionVersion } : {}) });
  }
  const doc = await LeadModel.findOneAndUpdate(
    { _id: lead.id, stage: lead.stage },
    {
      $set: {
        contact: withEmailKey(fields.contact),
        company: fields.company,
        qualification: fields.qualification,
        ...optional(fields, ['source', 'campaign', 'note', 'externalId']),
        stage: change.stage,
        ...(change.post ? { post: change.post } : {}),
        ...(change.judgement ? { judgement: change.judgement } : {}),
      },
      $push: { history: { $each: entries } },
    },
    { returnDocument: 'after' },
  ).lean();
  return doc ? toLead(doc) : null;
}

/**
 * Runs one rule of the lead's life (leads/transitions.ts) as one atomic
 * conditional update: the change is made only if the lead still meets the
 * rule's condition, so of ten reps clicking Claim exactly one wins, and two
 * sweeps never send the same notice. Null when the lead no longer met it.
 */
export async function applyTransition(id: string, { when, change }: Transition): Promise<Lead | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const filter: Record<string, unknown> = { _id: new mongoose.Types.ObjectId(id) };
  if (when.stage !== undefined) filter.stage = when.stage;
  if (when.owner !== undefined) {
    if (when.owner === null) filter.owner = null;
    else filter['owner.userId'] = when.owner;
  }
  if (when.notRejectedBy !== undefined) filter.rejectedBy = { $ne: when.notRejectedBy };
  if (when.noVerdict) filter.verdict = null;
  if (when.noFirstTouch) filter.firstTouchAt = null;
  for (const field of when.noticeNotSent ?? []) filter[`serviceLevel.${field}`] = { $exists: false };
  if (when.noticeSentAt) filter[`serviceLevel.${when.noticeSentAt.field}`] = when.noticeSentAt.at;

  const set: Record<string, unknown> = {};
  if (change.stage !== undefined) set.stage = change.stage;
  if (change.owner !== undefined) set.owner = change.owner;
  if (change.notice) set[`serviceLevel.${change.notice.field}`] = change.notice.at;
  const update: Record<string, unknown> = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (change.resetNotices) update.$unset = { serviceLevel: '' };
  if (change.history) update.$push = { history: change.history };
  // Straight to the driver: every value here already has its stored type, and
  // mongoose's casting of the filter and the pushed history entry cost each
  // claim more CPU than the rest of its update (bench:core profile).
  const doc = await LeadModel.collection.findOneAndUpdate(filter, update, { returnDocument: 'after', ignoreUndefined: true });
  return doc ? toLead(doc) : null;
}

/**
 * Records one step of the lead's life, only if the lead is still exactly as
 * the step was planned against; a double-click or a retry finds it changed
 * and records nothing.
 */
export async function applyStep(
  lead: Lead,
  change: { to: Stage; event: HistoryEntry['event']; verdict?: Lead['verdict']; firstTouchAt?: Date; outcome?: Lead['outcome']; details?: StepDetails; requestKey?: string },
  at: Date,
  by: Actor,
): Promise<Lead | null> {
  const set: Record<string, unknown> = { stage: change.to };
  if (change.verdict) set.verdict = change.verdict;
  if (change.firstTouchAt) set.firstTouchAt = change.firstTouchAt;
  if (change.outcome) set.outcome = change.outcome;
  const entry: HistoryEntry = {
    at,
    by,
    from: lead.stage,
    to: change.to,
    event: change.event,
    ...(change.details ? { details: change.details } : {}),
    ...(change.requestKey ? { requestKey: change.requestKey } : {}),
  };
  const doc = await LeadModel.findOneAndUpdate(
    {
      _id: lead.id,
      stage: lead.stage,
      'verdict.kind': lead.verdict?.kind ?? null,
      firstTouchAt: lead.firstTouchAt ?? null,
    },
    {
      $set: set,
      $push: { history: entry },
      ...(change.verdict?.kind === 'rejected' ? { $addToSet: { rejectedBy: change.verdict.by } } : {}),
    },
    { returnDocument: 'after' },
  ).lean();
  return doc ? toLead(doc) : null;
}

/**
 * Stores sales' findings on the lead and records them in its history, only
 * while the lead is at the stage and with the owner they were recorded
 * against (a retry with the same request key finds its entry and adds none).
 */
export async function saveFindings(lead: Lead, findings: NonNullable<Lead['findings']>, by: Actor, requestKey?: string): Promise<Lead | null> {
  const entry: HistoryEntry = {
    at: findings.at,
    by,
    from: lead.stage,
    to: lead.stage,
    event: 'findings',
    definitionVersion: findings.definitionVersion,
    details: { findings: Object.fromEntries(findings.answers.map((a) => [a.key, a.found])) },
    ...(requestKey ? { requestKey } : {}),
  };
  const doc = await LeadModel.findOneAndUpdate(
    { _id: lead.id, stage: lead.stage, 'owner.userId': lead.owner?.userId ?? null },
    { $set: { findings }, $push: { history: entry } },
    { returnDocument: 'after' },
  ).lean();
  return doc ? toLead(doc) : null;
}

/** Keeps a CRM's step for a lead nobody owns yet (once per request key); null when someone took it on meanwhile. */
export async function addPendingStep(leadId: string, pending: PendingStep): Promise<Lead | null> {
  const doc = await LeadModel.findOneAndUpdate(
    { _id: leadId, owner: null, ...(pending.requestKey ? { 'pendingSteps.requestKey': { $ne: pending.requestKey } } : {}) },
    { $push: { pendingSteps: pending } },
    { returnDocument: 'after' },
  ).lean();
  return doc ? toLead(doc) : null;
}

/** Records that these CRM records are the lead too (once each). */
export async function linkCrmIds(leadId: string, ids: string[]): Promise<Lead | null> {
  const doc = await LeadModel.findOneAndUpdate({ _id: leadId }, { $addToSet: { crmIds: { $each: ids } } }, { returnDocument: 'after' }).lean();
  return doc ? toLead(doc) : null;
}

/** Removes pending steps once they were applied (or could not be). */
export async function removePendingSteps(leadId: string, ids: string[]): Promise<Lead | null> {
  const doc = await LeadModel.findOneAndUpdate({ _id: leadId }, { $pull: { pendingSteps: { id: { $in: ids } } } }, { returnDocument: 'after' }).lean();
  return doc ? toLead(doc) : null;
}

/** A rejected lead back to mql, unowned and without a verdict; `rejectedBy` stays. */
export async function requalify(lead: Lead, at: Date, by: Actor): Promise<Lead | null> {
  const doc = await LeadModel.findOneAndUpdate(
    { _id: lead.id, stage: 'rejected' },
    {
      $set: { stage: 'mql', owner: null, verdict: null, firstTouchAt: null },
      $unset: { serviceLevel: '' },
      $push: { history: { at, by, from: 'rejected', to: 'mql', event: 'requalified' } },
    },
    { returnDocument: 'after' },
  ).lean();
  return doc ? toLead(doc) : null;
}

function withEmailKey(contact: LeadFields['contact']) {
  return contact.email ? { ...contact, emailKey: normalizeEmail(contact.email) } : contact;
}

function optional<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<Pick<T, K>>;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}


/** Leads stored before account matching existed (no keys yet): a batch of their company fields. */
export async function leadsWithoutAccountKeys(limit: number): Promise<Array<Pick<Lead, 'id' | 'company' | 'contact'>>> {
  const docs = await LeadModel.find({ accountKeys: { $exists: false } }, { company: 1, contact: 1 }).limit(limit).lean();
  return docs.map((d) => ({ id: String(d._id), company: (d.company as Lead['company']) ?? {}, contact: (d.contact as Lead['contact']) ?? {} }));
}

export async function setAccountKeys(keys: Array<{ id: string; accountKeys: string[] }>): Promise<void> {
  if (keys.length === 0) return;
  await LeadModel.bulkWrite(keys.map((k) => ({ updateOne: { filter: { _id: k.id, accountKeys: { $exists: false } }, update: { $set: { accountKeys: k.accountKeys } } } })));
}
