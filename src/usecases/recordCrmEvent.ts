import { randomUUID } from 'node:crypto';
import { checkFindings } from '../definition/findings.js';
import type { FieldError } from '../leads/fieldErrors.js';
import type { Lead, StepDetails } from '../leads/lead.js';
import type { Step } from '../leads/lifecycle.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { checkDetails, recordStep, type StepOutcome } from './recordStep.js';

export type CrmEventOutcome = StepOutcome | { kind: 'invalid_findings'; problems: FieldError[] } | { kind: 'pending'; lead: Lead };

/** Stages of a lead nobody has taken on yet: a CRM's step about it waits for a rep. */
const NOT_TAKEN_ON = new Set(['inquiry', 'mql', 'nurture']);

/**
 * What a CRM reports about a lead: a step, and optionally what sales found
 * when qualifying it (`qualification`, by question key). Everything is
 * checked before anything is recorded, so a wrong answer changes nothing;
 * then the step is recorded like a button's, and the findings beside it.
 *
 * A CRM often knows before Slack does: a step about a lead nobody has
 * claimed yet is kept on the lead (`pending`) and applied, in order, when a
 * rep takes it on (applyPendingSteps), never lost.
 */
export async function recordCrmEvent(
  input: { leadId: string; step: Step; details: StepDetails; qualification?: Record<string, string>; requestKey?: string; amountMayBeUnknown?: boolean },
  deps: { now: Date; definition: ActiveDefinition },
): Promise<CrmEventOutcome> {
  const amountMayBeUnknown = input.amountMayBeUnknown === true;
  const details = checkDetails(input.step, input.details, deps.definition.definition, { amountMayBeUnknown });
  if (details) return details;
  for (let attempt = 0; attempt < 2; attempt++) {
    const before = await queries.findLead(input.leadId);
    if (input.qualification && before) {
      const checked = checkFindings(input.qualification, before, deps.definition, { by: 'crm', at: deps.now, complete: false });
      if (!checked.ok) return { kind: 'invalid_findings', problems: checked.problems };
    }
    if (before && before.owner === null && NOT_TAKEN_ON.has(before.stage)) {
      if (input.requestKey && before.pendingSteps?.some((p) => p.requestKey === input.requestKey)) return { kind: 'pending', lead: before };
      const pending = await leads.addPendingStep(before.id, {
        id: randomUUID(),
        at: deps.now,
        step: input.step,
        ...(Object.keys(input.details).length ? { details: input.details } : {}),
        ...(input.qualification ? { qualification: input.qualification } : {}),
        ...(input.requestKey ? { requestKey: input.requestKey } : {}),
        ...(amountMayBeUnknown ? { amountMayBeUnknown } : {}),
      });
      if (pending) return { kind: 'pending', lead: pending };
      continue; // a rep took it on meanwhile: record the step now
    }
    const outcome = await recordStep(
      { leadId: input.leadId, step: input.step, by: { kind: 'api' }, details: input.details, amountMayBeUnknown, ...(input.requestKey ? { requestKey: input.requestKey } : {}) },
      { now: deps.now, definition: deps.definition.definition },
    );
    if (outcome.kind !== 'recorded' || !input.qualification) return outcome;
    return { kind: 'recorded', lead: await withFindings(outcome.lead, input.qualification, deps, input.requestKey) };
  }
  return { kind: 'refused', reason: 'The lead changed while the event was recorded; send it again.', lead: (await queries.findLead(input.leadId))! };
}

/**
 * Once a rep has a lead, the steps a CRM reported before are recorded, in the
 * order they came, as the CRM's; each leaves the pending list whether it
 * could be applied or not (a step the lead is past is dropped, logged by the
 * caller). Answers the lead as it is afterwards.
 */
export async function applyPendingSteps(lead: Lead, deps: { now: Date; definition: ActiveDefinition }): Promise<{ lead: Lead; applied: number; dropped: Array<{ step: Step; reason: string }> }> {
  const pending = lead.pendingSteps ?? [];
  if (pending.length === 0 || lead.owner === null) return { lead, applied: 0, dropped: [] };
  let applied = 0;
  const dropped: Array<{ step: Step; reason: string }> = [];
  for (const p of pending) {
    const outcome = await recordCrmEvent({ leadId: lead.id, step: p.step, details: p.details ?? {}, ...(p.qualification ? { qualification: p.qualification } : {}), requestKey: p.requestKey ?? `pending:${p.id}`, amountMayBeUnknown: p.amountMayBeUnknown === true }, deps);
    if (outcome.kind === 'recorded') applied += 1;
    else dropped.push({ step: p.step, reason: 'reason' in outcome ? outcome.reason : outcome.kind });
  }
  const after = await leads.removePendingSteps(lead.id, pending.map((p) => p.id));
  return { lead: after ?? lead, applied, dropped };
}

/** The findings on the lead as the step left it (a retry of the same request adds them once). */
async function withFindings(lead: Lead, answers: Record<string, string>, deps: { now: Date; definition: ActiveDefinition }, requestKey?: string): Promise<Lead> {
  const key = requestKey ? `${requestKey}#findings` : undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = attempt === 0 ? lead : await queries.findLead(lead.id);
    if (!current) return lead;
    if (key && current.history.some((entry) => entry.requestKey === key)) return current;
    const checked = checkFindings(answers, current, deps.definition, { by: 'crm', at: deps.now, complete: false });
    if (!checked.ok) return current;
    const saved = await leads.saveFindings(current, checked.findings, { kind: 'api' }, key);
    if (saved) return saved;
  }
  return lead;
}
