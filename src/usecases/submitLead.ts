import { normalizeAnswers } from '../definition/judge.js';
import type { Actor, LeadEntry } from '../leads/lead.js';
import { may, type Roles } from '../roles/roles.js';
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
  deps: Omit<IntakeDeps, 'definition'> & { definition: () => Promise<ActiveDefinition>; roles: Roles },
): Promise<SubmitOutcome> {
  const errors = await checkLead(raw, deps);
  if (!errors.ok) return errors;
  return { ok: true, result: await intakeLead(errors.lead, by, { ...deps, definition: errors.active }, errors.entry) };
}

/** Only the checks: what intake would refuse, without storing anything. */
async function checkLead(raw: unknown, deps: { definition: () => Promise<ActiveDefinition>; roles: Roles }) {
  const parsed = parseLeadInput(raw);
  // One read: the answers are checked against the same version the lead is judged by.
  const active = await deps.definition();
  const answers = parsed.ok ? normalizeAnswers(parsed.lead.qualification, active.definition) : undefined;
  const owner = parsed.ok ? ownerProblem(parsed.entry, deps.roles) : [];
  if (!parsed.ok || !answers?.ok || owner.length) {
    return { ok: false as const, errors: [...(parsed.ok ? [] : parsed.errors), ...(answers && !answers.ok ? answers.problems : []), ...owner] };
  }
  return { ok: true as const, lead: { ...parsed.lead, qualification: answers.answers }, entry: parsed.entry, active };
}

/** A prospect belongs to a rep: its owner must be in sales now. */
function ownerProblem(entry: LeadEntry, roles: Roles): FieldError[] {
  if (entry.origin !== 'sales' || may(roles, entry.owner, 'own_prospects')) return [];
  return [{ field: 'owner', message: `${entry.owner} is not in sales; a rep’s own prospect must be owned by a member of sales (admins add them in /leads settings)` }];
}
