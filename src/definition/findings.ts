import type { FieldError } from '../leads/fieldErrors.js';
import type { Findings, Lead } from '../leads/lead.js';
import type { LeadDefinition } from './definition.js';
import { judgeLead } from './judge.js';

/**
 * Sales' qualification (the seeds: product applicability, funding, time
 * frame, found by asking the lead directly), checked against the definition
 * in force and set beside what the lead came with. Pure.
 *
 * `complete`: every question must be answered (the rep confirms or corrects
 * each in Slack); a CRM may send only the answers it knows.
 */
export function checkFindings(
  given: Record<string, string>,
  lead: Pick<Lead, 'qualification' | 'company'>,
  active: { version: number; definition: LeadDefinition },
  recorded: { by: string; at: Date; complete: boolean },
): { ok: true; findings: Findings } | { ok: false; problems: FieldError[] } {
  const { definition } = active;
  const problems: FieldError[] = [];
  const answers: Findings['answers'] = [];
  for (const key of Object.keys(given)) {
    if (!definition.questions.some((q) => q.key === key)) {
      problems.push({ field: `qualification.${key}`, message: `is not a question in the lead definition (known: ${definition.questions.map((q) => q.key).join(', ')})` });
    }
  }
  for (const question of definition.questions) {
    const raw = given[question.key]?.trim().toLowerCase();
    if (!raw) {
      if (recorded.complete) problems.push({ field: `qualification.${question.key}`, message: 'Say what you found (or confirm the answer it came with).' });
      continue;
    }
    const found = question.answers.find((a) => a.value === raw || a.label.toLowerCase() === raw);
    if (!found) {
      problems.push({ field: `qualification.${question.key}`, message: `must be one of: ${question.answers.map((a) => a.value).join(', ')}` });
      continue;
    }
    const intake = lead.qualification[question.key] ?? null;
    const intakeAnswer = intake === null ? undefined : question.answers.find((a) => a.value === intake);
    answers.push({ key: question.key, label: question.label, found: found.value, foundLabel: found.label, intake, intakeLabel: intakeAnswer?.label ?? intake });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (answers.length === 0) return { ok: false, problems: [{ field: 'qualification', message: 'needs at least one answer to a question of the lead definition' }] };

  // The findings scored as the lead's answers would be: the questions sales answered, and what it did not, as it came.
  const merged = { ...lead.qualification, ...Object.fromEntries(answers.map((a) => [a.key, a.found])) };
  const { score } = judgeLead({ contact: {}, company: lead.company, qualification: merged }, definition, active.version);
  const requiredAnswered = definition.questions.filter((q) => q.required).every((q) => merged[q.key] !== undefined);
  return {
    ok: true,
    findings: { definitionVersion: active.version, by: recorded.by, at: recorded.at, answers, score, threshold: definition.threshold, qualified: requiredAnswered && score >= definition.threshold },
  };
}
