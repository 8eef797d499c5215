import type { Actor, Lead, LeadFields } from '../leads/lead.js';
import { mergeLeadFields } from '../leads/merge.js';
import { qualifyingStage } from '../leads/qualification.js';
import * as leads from '../storage/leadRepository.js';

export type IntakeResult = { lead: Lead; merged: false } | { lead: Lead; merged: true; filled: string[] };

export type IntakeDeps = {
  now: () => Date;
  /** Schedules the post; a failure here is repaired by the pending-post sweep. */
  schedulePost: (leadId: string) => Promise<void>;
};

const MAX_RACE_RETRIES = 5;

/**
 * Stores a lead (or merges it into the lead this person already is) before
 * anything goes to Slack, then schedules the post if it newly qualifies.
 */
export async function intakeLead(fields: LeadFields, by: Actor, deps: IntakeDeps): Promise<IntakeResult> {
  for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
    const existing = await leads.findByIdentity(fields);
    const result = existing ? await mergeInto(existing, fields, by, deps) : await createNew(fields, by, deps);
    if (result) {
      if (result.lead.post.status === 'pending' && (!existing || existing.post.status !== 'pending')) {
        await deps.schedulePost(result.lead.id).catch(() => undefined);
      }
      return result;
    }
    // Lost a race with a concurrent intake of the same person: read again and merge.
  }
  throw new Error('intake of one lead kept racing with concurrent updates');
}

async function createNew(fields: LeadFields, by: Actor, deps: IntakeDeps): Promise<IntakeResult | null> {
  const stage = qualifyingStage(fields);
  const post = stage === 'mql' ? ({ status: 'pending' } as const) : ({ status: 'not_posted' } as const);
  const lead = await leads.insertLead(fields, stage, post, deps.now(), by);
  return lead ? { lead, merged: false } : null;
}

async function mergeInto(existing: Lead, fields: LeadFields, by: Actor, deps: IntakeDeps): Promise<IntakeResult | null> {
  const { merged, filled } = mergeLeadFields(existing, fields);
  const nowQualifies = existing.stage === 'inquiry' && qualifyingStage(merged) === 'mql';
  const change = nowQualifies ? { stage: 'mql' as const, post: { status: 'pending' as const } } : { stage: existing.stage };
  const lead = await leads.saveMerge(existing, merged, change, deps.now(), by);
  return lead ? { lead, merged: true, filled } : null;
}
