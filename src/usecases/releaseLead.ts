import type { Lead } from '../leads/lead.js';
import { release } from '../leads/transitions.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';

export type ReleaseOutcome =
  | { kind: 'released'; lead: Lead }
  | { kind: 'not_yours'; lead: Lead }
  | { kind: 'not_releasable'; lead: Lead }
  | { kind: 'not_found' };

/** The owner hands a lead back so another rep can claim it. */
export async function releaseLead(leadId: string, userId: string, now: Date): Promise<ReleaseOutcome> {
  const released = await leads.applyTransition(leadId, release(userId, now));
  if (released) return { kind: 'released', lead: released };

  const lead = await queries.findLead(leadId);
  if (!lead) return { kind: 'not_found' };
  if (lead.owner && lead.owner.userId !== userId) return { kind: 'not_yours', lead };
  return { kind: 'not_releasable', lead };
}
