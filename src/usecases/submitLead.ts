import { normalizeAnswers } from '../definition/judge.js';
import type { Actor } from '../leads/lead.js';
import type { FieldError } from '../leads/fieldErrors.js';
import { parseLeadInput } from '../leads/leadInput.js';
import { intakeLead, type IntakeDeps, type IntakeResult } from './intakeLead.js';
import type { ActiveDefinition } from './leadDefinition.js';

export type SubmitOutcome = { ok: true; result: IntakeResult } | { ok: false; errors: FieldError[] };

/**
 * A lead as someone sent it (the API's JSON, the /leads new modal, a CSV
 * row): checked field by field and against the definition's answers, then
 * taken in. Bad input changes nothing and says every field that is wrong.
 */
export async function submitLead(
  raw: unknown,
  by: Actor,
  deps: Omit<IntakeDeps, 'definition'> & { definition: () => Promise<ActiveDefinition> },
): Promise<SubmitOutcome> {
  const errors = await checkLead(raw, deps.definition);
  if (!errors.ok) return errors;
  return { ok: true, result: await intakeLead(errors.lead, by, { ...deps, definition: errors.active }) };
}

/** Only the checks: what intake would refuse, without storing anything. */
async function checkLead(raw: unknown, definition: () => Promise<ActiveDefinition>) {
  const parsed = parseLeadInput(raw);
  // One read: the answers are checked against the same version the lead is judged by.
  const active = await definition();
  const answers = parsed.ok ? normalizeAnswers(parsed.lead.qualification, active.definition) : undefined;
  if (!parsed.ok || !answers?.ok) {
    return { ok: false as const, errors: [...(parsed.ok ? [] : parsed.errors), ...(answers && !answers.ok ? answers.problems : [])] };
  }
  return { ok: true as const, lead: { ...parsed.lead, qualification: answers.answers }, active };
}
