import { OPEN_STAGES, type Lead } from '../leads/lead.js';
import { LeadModel } from './leadModel.js';
import { toLead } from './leadDocuments.js';

/**
 * The service-level state of leads. Each notice is recorded by one
 * conditional update that also checks the lead has not moved on, so it goes
 * out once even if two sweeps overlap, and never for a lead claimed meanwhile.
 */

const SYSTEM = { kind: 'system' } as const;

/** Posted leads nobody owns that have not been nudged yet. */
export async function findUnclaimedNotReminded(limit: number): Promise<Lead[]> {
  const docs = await LeadModel.find({ stage: 'mql', owner: null, 'post.status': 'posted', 'serviceLevel.claimRemindedAt': { $exists: false } })
    .limit(limit)
    .lean();
  return docs.map(toLead);
}

/** Nudged leads still unowned, not escalated yet. */
export async function findRemindedNotEscalated(limit: number): Promise<Lead[]> {
  const docs = await LeadModel.find({
    stage: 'mql',
    owner: null,
    'serviceLevel.claimRemindedAt': { $exists: true },
    'serviceLevel.escalatedAt': { $exists: false },
  })
    .limit(limit)
    .lean();
  return docs.map(toLead);
}

/** Owned, open leads without a first contact whose owner has not been reminded. */
export async function findUntouchedNotReminded(limit: number): Promise<Lead[]> {
  const docs = await LeadModel.find({
    stage: { $in: OPEN_STAGES },
    firstTouchAt: null,
    owner: { $ne: null },
    'serviceLevel.firstTouchRemindedAt': { $exists: false },
  })
    .limit(limit)
    .lean();
  return docs.map(toLead);
}

export async function recordClaimReminder(id: string, at: Date): Promise<boolean> {
  const result = await LeadModel.updateOne(
    { _id: id, stage: 'mql', owner: null, 'serviceLevel.claimRemindedAt': { $exists: false } },
    {
      $set: { 'serviceLevel.claimRemindedAt': at },
      $push: { history: { at, by: SYSTEM, from: 'mql', to: 'mql', event: 'claim_reminder' } },
    },
  );
  return result.modifiedCount === 1;
}

/**
 * Takes the escalation of an unclaimed lead for this run, so two runs never
 * both escalate it. False when it was claimed or escalated meanwhile.
 */
export async function beginEscalation(id: string, at: Date): Promise<boolean> {
  const result = await LeadModel.updateOne(
    { _id: id, stage: 'mql', owner: null, 'serviceLevel.escalatedAt': { $exists: false } },
    { $set: { 'serviceLevel.escalatedAt': at } },
  );
  return result.modifiedCount === 1;
}

/**
 * Gives the lead whose escalation this run began (at `at`) to `assignee`, or,
 * with nobody available, only records the escalation. Null when someone
 * claimed it meanwhile.
 */
export async function recordEscalation(id: string, assignee: string | null, at: Date): Promise<Lead | null> {
  const filter = { _id: id, stage: 'mql' as const, owner: null, 'serviceLevel.escalatedAt': at };
  const doc = assignee
    ? await LeadModel.findOneAndUpdate(
        { ...filter, rejectedBy: { $ne: assignee } },
        {
          $set: { stage: 'sal', owner: { userId: assignee, claimedAt: at } },
          $push: { history: { at, by: SYSTEM, from: 'mql', to: 'sal', event: 'escalated', details: { assignee } } },
        },
        { returnDocument: 'after' },
      ).lean()
    : await LeadModel.findOneAndUpdate(filter, { $push: { history: { at, by: SYSTEM, from: 'mql', to: 'mql', event: 'escalated' } } }, { returnDocument: 'after' }).lean();
  return doc ? toLead(doc) : null;
}

/** Only while the lead is as read: same stage, same owner, still no first touch. */
export async function recordFirstTouchReminder(lead: Lead, at: Date): Promise<boolean> {
  if (!lead.owner || !OPEN_STAGES.includes(lead.stage)) return false;
  const result = await LeadModel.updateOne(
    { _id: lead.id, stage: lead.stage, firstTouchAt: null, 'owner.userId': lead.owner.userId, 'serviceLevel.firstTouchRemindedAt': { $exists: false } },
    {
      $set: { 'serviceLevel.firstTouchRemindedAt': at },
      $push: { history: { at, by: SYSTEM, from: lead.stage, to: lead.stage, event: 'first_touch_reminder' } },
    },
  );
  return result.modifiedCount === 1;
}
