import type { LeadDefinition } from '../definition/definition.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';
import type { Lead } from '../leads/lead.js';

/**
 * A claimer who says nothing within the definition's verdict window has the
 * lead counted as accepted, recorded as auto-accepted, so silence cannot
 * flatter the acceptance rate.
 */
export async function autoAcceptOverdue(now: Date, definition: LeadDefinition): Promise<Lead[]> {
  const cutoff = new Date(now.getTime() - definition.verdictWindowHours * 3_600_000);
  const accepted: Lead[] = [];
  for (const lead of await queries.findVerdictOverdue(cutoff, 200)) {
    const saved = await leads.applyStep(
      lead,
      { to: lead.stage, event: 'auto_accepted', verdict: { kind: 'auto_accepted', at: now, by: 'leadloop' } },
      now,
      { kind: 'system' },
    );
    if (saved) accepted.push(saved);
  }
  return accepted;
}
