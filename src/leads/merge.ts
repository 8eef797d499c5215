import type { LeadFields } from './lead.js';

export type MergeResult = { merged: LeadFields; filled: string[] };

/**
 * A repeat submission by the same person fills in what we did not know yet;
 * it never overwrites what a rep may already be working from.
 */
export function mergeLeadFields(existing: LeadFields, incoming: LeadFields): MergeResult {
  const filled: string[] = [];
  const fillGroup = <T extends object>(group: string, current: T, next: T): T => {
    const result = { ...current } as Record<string, unknown>;
    for (const [key, value] of Object.entries(next)) {
      if (value !== undefined && (result[key] === undefined || result[key] === '')) {
        result[key] = value;
        filled.push(`${group}.${key}`);
      }
    }
    return result as T;
  };
  const top = fillGroup('lead', pickTop(existing), pickTop(incoming));
  return {
    merged: {
      ...top,
      contact: fillGroup('contact', existing.contact, incoming.contact),
      company: fillGroup('company', existing.company, incoming.company),
      qualification: fillGroup('qualification', existing.qualification, incoming.qualification),
    },
    filled: filled.map((f) => f.replace(/^lead\./, '')),
  };
}

function pickTop(lead: LeadFields) {
  const { source, campaign, note, externalId } = lead;
  return Object.fromEntries(
    Object.entries({ source, campaign, note, externalId }).filter(([, v]) => v !== undefined),
  ) as Pick<LeadFields, 'source' | 'campaign' | 'note' | 'externalId'>;
}
