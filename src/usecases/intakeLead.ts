import type { Actor, Lead, LeadFields } from '../leads/lead.js';
import { mergeLeadFields } from '../leads/merge.js';
import { qualifyingStage } from '../leads/qualification.js';
import * as leads from '../storage/leadRepository.js';

export type IntakeResult = { lead: Lead; merged: false } | { lead: Lead; merged: true; filled: string[] };

export type IntakeDeps = {
  now: () => Date;
  /** Schedules the post. It may fail: the pending-post sweep repairs that, so intake still succeeds. */
  schedulePost: (leadId: string) => Promise<void>;
};

const MAX_RACE_RETRIES = 5;

/**
 * Stores a lead (or merges it into the lead this person already is) before
 * anything goes to Slack, then schedules the post if it newly qualifies.
 */
export async function intakeLead(fields: LeadFields, by: Actor, deps: IntakeDeps): Promise<IntakeResult> {
  // Most leads are new: insert first and let the unique indexes say when this
  // person already exists, which also settles concurrent repeats.
  const created = await createNew(fields, by, deps);
  if (created) {
    if (created.lead.post.status === 'pending') await schedule(created.lead.id, deps);
    return created;
  }
  for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
    const existing = await leads.findByIdentity(fields);
    if (!existing) continue; // deleted in between: the next round sees that
    const merged = await mergeInto(existing, fields, by, deps);
    if (merged) {
      if (merged.lead.post.status === 'pending' && existing.post.status !== 'pending') await schedule(merged.lead.id, deps);
      return merged;
    }
    // The lead changed stage while we merged: read it again.
  }
  throw new Error('intake of one lead kept racing with concurrent updates');
}

/** Only the request that made a lead postable schedules its post, so it is scheduled once. */
async function schedule(leadId: string, deps: IntakeDeps): Promise<void> {
  await deps.schedulePost(leadId).catch(() => undefined);
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
