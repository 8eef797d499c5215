import type { FieldError } from '../leads/fieldErrors.js';
import type { LeadFields } from '../leads/lead.js';
import type { LeadDefinition } from './definition.js';

import type { Judgement, ScoreLine } from './judgement.js';

export type { Judgement, ScoreLine };

/** Scores a lead and decides whether it is marketing-qualified. Pure. */
export function judgeLead(lead: LeadFields, definition: LeadDefinition, version: number): Judgement {
  const breakdown: ScoreLine[] = [];
  const unmet: string[] = [];
  if (!lead.contact.email) unmet.push('contact email is missing');
  if (!lead.company.name) unmet.push('company name is missing');

  for (const question of definition.questions) {
    const given = lead.qualification[question.key];
    const answer = given === undefined ? undefined : question.answers.find((a) => a.value === given);
    if (answer) breakdown.push({ criterion: question.key, label: question.label, answer: answer.value, answerLabel: answer.label, points: answer.points });
    else if (question.required) unmet.push(`${question.label} is not answered`);
  }
  for (const attribute of ['size', 'industry', 'country'] as const) {
    const value = lead.company[attribute];
    if (!value) continue;
    const match = definition.company[attribute].find((entry) => entry.value.toLowerCase() === value.toLowerCase());
    if (match) {
      breakdown.push({ criterion: `company.${attribute}`, label: `Company ${attribute}`, answer: match.value, answerLabel: match.value, points: match.points });
    }
  }

  const score = breakdown.reduce((sum, line) => sum + line.points, 0);
  if (score < definition.threshold) unmet.push(`score ${score} is under the threshold of ${definition.threshold}`);
  return { definitionVersion: version, score, threshold: definition.threshold, qualified: unmet.length === 0, breakdown, unmet };
}

/**
 * Maps given qualification answers onto the definition's values (a value or
 * its label, ignoring case), naming every answer it does not know.
 */
export function normalizeAnswers(
  answers: Record<string, string>,
  definition: LeadDefinition,
): { ok: true; answers: Record<string, string> } | { ok: false; problems: FieldError[] } {
  const normalized: Record<string, string> = {};
  const problems: FieldError[] = [];
  for (const [key, given] of Object.entries(answers)) {
    const question = definition.questions.find((q) => q.key === key);
    if (!question) {
      problems.push({ field: `qualification.${key}`, message: `is not a question in the lead definition (known: ${definition.questions.map((q) => q.key).join(', ')})` });
      continue;
    }
    const wanted = given.trim().toLowerCase();
    const answer = question.answers.find((a) => a.value === wanted || a.label.toLowerCase() === wanted);
    if (answer) normalized[key] = answer.value;
    else problems.push({ field: `qualification.${key}`, message: `must be one of: ${question.answers.map((a) => a.value).join(', ')}` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers: normalized };
}
