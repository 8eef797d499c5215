import { judgeLead } from '../definition/judge.js';
import type { Actor, Lead, LeadEntry, LeadFields } from '../leads/lead.js';
import { mergeLeadFields } from '../leads/merge.js';
import { accountKeysOf } from '../routing/accounts.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';
import { applyWaitingCrmNotices } from './crmNotices.js';
import type { ActiveDefinition } from './leadDefinition.js';

export type IntakeResult = { lead: Lead; merged: false } | { lead: Lead; merged: true; filled: string[] };

export type IntakeDeps = {
  now: () => Date;
  /** The lead definition in force, the same one the answers were checked against. */
  definition: ActiveDefinition;
  /** Schedules the post. It may fail: the pending-post sweep repairs that, so intake still succeeds. */
  schedulePost: (leadId: string) => Promise<void>;
};

const MAX_RACE_RETRIES = 5;
/** Stages marketing still owns: a repeat is judged again and may qualify the lead. */
const MARKETING_STAGES = new Set(['inquiry', 'nurture']);

/**
 * Stores a lead (or merges it into the lead this person already is) before
 * anything goes to Slack, judged by the definition in force: qualified leads
 * become `mql` and are posted for claiming; the rest go to `nurture`.
 *
 * A rep's own prospect (`entry.origin` sales) is judged the same way (its
 * score and unmet items are kept and shown), but belongs to the rep at once:
 * it is never offered for claiming, and its message goes to the rep.
 */
export async function intakeLead(fields: LeadFields, by: Actor, deps: IntakeDeps, entry: LeadEntry = { origin: 'marketing' }): Promise<IntakeResult> {
  const { version, definition } = deps.definition;
  // Most leads are new: insert first and let the unique indexes say when this
  // person already exists, which also settles concurrent repeats.
  const judgement = judgeLead(fields, definition, version);
  const now = deps.now();
  const created =
    entry.origin === 'sales'
      ? await leads.insertLead(fields, 'sal', { status: 'pending' }, now, by, judgement, { owner: entry.owner, verdict: { kind: 'prospected', at: now, by: entry.owner } }, accountKeysOf(fields))
      : await leads.insertLead(fields, judgement.qualified ? 'mql' : 'nurture', judgement.qualified ? { status: 'pending' } : { status: 'not_posted' }, now, by, judgement, undefined, accountKeysOf(fields));
  if (created) {
    const lead = await withWaitingCrmNotices(created, deps);
    if (created.post.status === 'pending') await schedule(created.id, deps);
    return { lead, merged: false };
  }
  for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
    const existing = await queries.findByIdentity(fields);
    if (!existing) continue; // deleted in between: the next round sees that
    const { merged, filled } = mergeLeadFields(existing, fields);
    const change = MARKETING_STAGES.has(existing.stage) ? rejudge(merged, version, definition) : { stage: existing.stage };
    const saved = await leads.saveMerge(existing, merged, change, deps.now(), by);
    if (saved) {
      const lead = filled.includes('externalId') ? await withWaitingCrmNotices(saved, deps) : saved;
      if (saved.post.status === 'pending' && existing.post.status !== 'pending') await schedule(saved.id, deps);
      return { lead, merged: true, filled };
    }
    // The lead changed stage while we merged: read it again.
  }
  throw new Error('intake of one lead kept racing with concurrent updates');
}

function rejudge(fields: LeadFields, version: number, definition: ActiveDefinition['definition']) {
  const judgement = judgeLead(fields, definition, version);
  return judgement.qualified
    ? { stage: 'mql' as const, post: { status: 'pending' as const }, judgement }
    : { stage: 'nurture' as const, judgement };
}

/**
 * What a CRM said about this person before they arrived (a HubSpot or
 * Salesforce notice that found no lead) is applied now, before the lead is
 * posted. The lead is stored either way: a failure here leaves the notices
 * waiting, it never fails the intake.
 */
async function withWaitingCrmNotices(lead: Lead, deps: IntakeDeps): Promise<Lead> {
  try {
    const changed = await applyWaitingCrmNotices(lead, { now: deps.now(), definition: deps.definition });
    return changed.find((l) => l.id === lead.id) ?? lead;
  } catch {
    return lead;
  }
}

/** Only the request that made a lead postable schedules its post, so it is scheduled once. */
async function schedule(leadId: string, deps: IntakeDeps): Promise<void> {
  await deps.schedulePost(leadId).catch(() => undefined);
}
