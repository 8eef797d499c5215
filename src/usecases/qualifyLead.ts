import { checkFindings } from '../definition/findings.js';
import type { FieldError } from '../leads/fieldErrors.js';
import type { Actor, Lead } from '../leads/lead.js';
import { OPEN_STAGES } from '../leads/lead.js';
import { planStep } from '../leads/lifecycle.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { recordStep, type StepOutcome } from './recordStep.js';

export type QualifyOutcome =
  | { kind: 'recorded'; lead: Lead }
  | { kind: 'invalid'; problems: FieldError[] }
  /** The form was made for another definition version than the one in force now. */
  | { kind: 'stale'; version: number }
  | { kind: 'not_owner'; ownerId: string | null }
  | { kind: 'refused'; reason: string }
  | { kind: 'not_found' };

/**
 * Sales' qualification of a lead: what the rep found out by asking, answer
 * by answer of the definition in force, beside the answers the lead came
 * with. Only the owner (or an admin) records it, on a lead sales is working
 * on; from a CRM (`by.kind === 'api'`) with the event that carries it.
 * `meeting`: the findings come with *Meeting booked*, which then moves the
 * lead to SQL (the meeting is where they are found).
 */
export async function qualifyLead(
  input: { leadId: string; answers: Record<string, string>; by: Actor; formVersion?: number; meeting?: boolean; requestKey?: string },
  deps: { now: Date; definition: ActiveDefinition; isAdmin: (userId: string) => boolean },
): Promise<QualifyOutcome> {
  if (input.formVersion !== undefined && input.formVersion !== deps.definition.version) return { kind: 'stale', version: deps.definition.version };
  for (let attempt = 0; attempt < 2; attempt++) {
    const lead = await queries.findLead(input.leadId);
    if (!lead) return { kind: 'not_found' };
    if (input.requestKey && lead.history.some((entry) => entry.requestKey === input.requestKey)) return { kind: 'recorded', lead };
    if (input.by.kind === 'user' && lead.owner?.userId !== input.by.userId && !(lead.owner && deps.isAdmin(input.by.userId))) {
      return { kind: 'not_owner', ownerId: lead.owner?.userId ?? null };
    }
    if (!lead.owner || !OPEN_STAGES.includes(lead.stage) || lead.verdict?.kind === 'rejected') {
      return { kind: 'refused', reason: 'Sales qualifies a lead it is working on (claimed, accepted, SQL or opportunity); this one is not.' };
    }
    if (input.meeting) {
      const plan = planStep(lead, 'meeting');
      if (!plan.ok) return { kind: 'refused', reason: plan.reason };
    }
    const by = input.by.kind === 'user' ? input.by.userId : 'crm';
    const checked = checkFindings(input.answers, lead, deps.definition, { by, at: deps.now, complete: input.by.kind === 'user' });
    if (!checked.ok) return { kind: 'invalid', problems: checked.problems };
    const saved = await leads.saveFindings(lead, checked.findings, input.by, input.requestKey);
    if (!saved) continue; // the lead changed meanwhile: look again
    if (!input.meeting) return { kind: 'recorded', lead: saved };
    return fromStep(await recordStep({ leadId: saved.id, step: 'meeting', by: input.by }, { now: deps.now, definition: deps.definition.definition, isAdmin: deps.isAdmin }), saved);
  }
  return { kind: 'refused', reason: 'The lead changed while you were qualifying it; look at it again.' };
}

/** The meeting after the findings: the findings stay even when the meeting cannot be recorded (told why). */
function fromStep(outcome: StepOutcome, withFindings: Lead): QualifyOutcome {
  switch (outcome.kind) {
    case 'recorded':
      return outcome;
    case 'refused':
      return { kind: 'refused', reason: `Your findings are saved, but the meeting was not recorded: ${outcome.reason}` };
    case 'not_owner':
      return { kind: 'not_owner', ownerId: outcome.ownerId };
    case 'not_found':
      return { kind: 'not_found' };
    case 'invalid':
      return { kind: 'recorded', lead: withFindings };
  }
}
