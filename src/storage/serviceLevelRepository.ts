import { OPEN_STAGES, type Lead } from '../leads/lead.js';
import { LeadModel } from './leadModel.js';
import { toLead } from './leadDocuments.js';

/**
 * The leads a service-level sweep looks at. Each notice is then recorded by
 * one conditional update (leads/transitions.ts, run by applyTransition) that
 * also checks the lead has not moved on, so it goes out once even if two
 * sweeps overlap, and never for a lead claimed meanwhile.
 */


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
