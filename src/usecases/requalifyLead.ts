import type { Actor, Lead } from '../leads/lead.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';

export type RequalifyOutcome = { kind: 'requalified'; lead: Lead } | { kind: 'refused'; reason: string } | { kind: 'not_found' };

/**
 * Marketing puts a rejected lead back in play (e.g. after enriching it). It is
 * offered again, but never to the reps who rejected it (see claimLead).
 */
export async function requalifyLead(leadId: string, by: Actor, now: Date): Promise<RequalifyOutcome> {
  const lead = await queries.findLead(leadId);
  if (!lead) return { kind: 'not_found' };
  if (lead.stage !== 'rejected') return { kind: 'refused', reason: `Only a rejected lead can be re-qualified; this one is at stage ${lead.stage.toUpperCase()}.` };
  const saved = await leads.requalify(lead, now, by);
  return saved ? { kind: 'requalified', lead: saved } : { kind: 'refused', reason: 'The lead changed meanwhile; look at it again.' };
}
