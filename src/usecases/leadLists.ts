import type { Lead } from '../leads/lead.js';
import * as queries from '../storage/leadQueries.js';

export { LIST_KINDS, STALE_AFTER_DAYS, type ListKind } from '../storage/leadQueries.js';

/** `/leads find`: an email exactly (any case), else names and companies containing the text; newest first. */
export function findLeads(text: string, limit: number): Promise<Lead[]> {
  return queries.findLeads(text, limit);
}

/** One page of `/leads list` or of a Home tab's lists, and whether there is more. */
export function listLeads(kind: queries.ListKind, options: Parameters<typeof queries.listLeads>[1]): Promise<{ leads: Lead[]; more: boolean }> {
  return queries.listLeads(kind, options);
}
