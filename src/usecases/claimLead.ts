import type { Lead } from '../leads/lead.js';
import { claim } from '../leads/transitions.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { applyPendingSteps } from './recordCrmEvent.js';

export type ClaimOutcome =
  | { kind: 'claimed'; lead: Lead }
  | { kind: 'already_yours'; lead: Lead }
  | { kind: 'taken'; lead: Lead & { owner: NonNullable<Lead['owner']> } }
  | { kind: 'not_claimable'; lead: Lead }
  | { kind: 'rejected_before'; lead: Lead }
  | { kind: 'not_found' };

/**
 * The first rep to claim wins; everyone else learns who has the lead. Steps a
 * CRM reported before anyone had it are recorded right after the claim.
 */
export async function claimLead(leadId: string, userId: string, now: Date, deps?: { definition: () => Promise<ActiveDefinition> }): Promise<ClaimOutcome> {
  const claimed = await leads.applyTransition(leadId, claim(userId, now));
  if (claimed) {
    if (!claimed.pendingSteps?.length || !deps) return { kind: 'claimed', lead: claimed };
    const { lead } = await applyPendingSteps(claimed, { now, definition: await deps.definition() });
    return { kind: 'claimed', lead };
  }

  const lead = await queries.findLead(leadId);
  if (!lead) return { kind: 'not_found' };
  if (lead.owner?.userId === userId) return { kind: 'already_yours', lead };
  if (lead.rejectedBy.includes(userId) && lead.stage === 'mql') return { kind: 'rejected_before', lead };
  if (lead.owner) return { kind: 'taken', lead: { ...lead, owner: lead.owner } };
  return { kind: 'not_claimable', lead };
}
