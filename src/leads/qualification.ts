import type { LeadFields, Stage } from './lead.js';

/**
 * The minimum bar a lead must meet before sales sees it. The full, versioned
 * lead definition (scores, thresholds, required answers) replaces this rule.
 */
export function qualifyingStage(lead: LeadFields): Extract<Stage, 'mql' | 'inquiry'> {
  return lead.contact.email && lead.company.name ? 'mql' : 'inquiry';
}

/** What is still missing for a lead to qualify, in words a marketer understands. */
export function unmetCriteria(lead: LeadFields): string[] {
  const missing: string[] = [];
  if (!lead.contact.email) missing.push('contact email');
  if (!lead.company.name) missing.push('company name');
  return missing;
}
