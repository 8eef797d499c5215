import { checkFindings } from '../definition/findings.js';
import type { FieldError } from '../leads/fieldErrors.js';
import type { Lead, StepDetails } from '../leads/lead.js';
import type { Step } from '../leads/lifecycle.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { recordStep, type StepOutcome } from './recordStep.js';

export type CrmEventOutcome = StepOutcome | { kind: 'invalid_findings'; problems: FieldError[] };

/**
 * What a CRM reports about a lead: a step, and optionally what sales found
 * when qualifying it (`qualification`, by question key). The findings are
 * checked before anything is recorded, so a wrong answer changes nothing;
 * then the step is recorded like a button's, and the findings beside it.
 */
export async function recordCrmEvent(
  input: { leadId: string; step: Step; details: StepDetails; qualification?: Record<string, string>; requestKey?: string },
  deps: { now: Date; definition: ActiveDefinition },
): Promise<CrmEventOutcome> {
  const before = input.qualification ? await queries.findLead(input.leadId) : null;
  if (input.qualification && before) {
    const checked = checkFindings(input.qualification, before, deps.definition, { by: 'crm', at: deps.now, complete: false });
    if (!checked.ok) return { kind: 'invalid_findings', problems: checked.problems };
  }
  const outcome = await recordStep(
    { leadId: input.leadId, step: input.step, by: { kind: 'api' }, details: input.details, ...(input.requestKey ? { requestKey: input.requestKey } : {}) },
    { now: deps.now, definition: deps.definition.definition },
  );
  if (outcome.kind !== 'recorded' || !input.qualification) return outcome;
  return { kind: 'recorded', lead: await withFindings(outcome.lead, input.qualification, deps, input.requestKey) };
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
