import type { Lead, LeadFields } from '../leads/lead.js';
import * as queries from '../storage/leadQueries.js';

/** A lead as it is now, or null: what jobs and listeners read before they act or show it. */
export function leadById(leadId: string): Promise<Lead | null> {
  return queries.findLead(leadId);
}

/** The lead a CRM means: by its external id, or by the person's email in any letter case. */
export function leadByIdentity(identity: Pick<LeadFields, 'externalId' | 'contact'>): Promise<Lead | null> {
  return queries.findByIdentity(identity);
}
