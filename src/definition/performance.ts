import type { LeadDefinition } from './definition.js';

/**
 * How well the agreed definition predicts, from history: does what
 * marketing's answers said hold up when sales asks (per question and per
 * source), and do higher scores turn into SQLs and wins (per score band)?
 * Pure: storage supplies the counts (storage/definitionPerformance.ts).
 */

/** Counts the database adds up over the window's leads. */
export type PerformanceCounts = {
  /** Of leads with sales' findings, per question and per (intake answer, sales' finding): how many. */
  answerPairs: Array<{ key: string; intake: string; found: string; count: number }>;
  /** Leads sales worked on (taken on, or their own prospect), by score band, and how far they got. */
  bands: Array<{ band: number | 'below'; worked: number; sql: number; won: number }>;
  /** Per source: leads checked by sales, answers compared and agreed, and worked leads' outcomes. */
  sources: Array<{ source: string; checked: number; compared: number; agreed: number; worked: number; sql: number; won: number }>;
  /** Leads with sales' findings in the window. */
  checked: number;
};

export type QuestionFigures = {
  key: string;
  label: string;
  /** Findings compared with an answer the lead came with. */
  compared: number;
  agreed: number;
  agreement: number | null;
  /** The corrections sales made most often: marketing said `from`, sales found `to`, in `share` of the leads that came with `from`. */
  corrections: Array<{ from: string; fromLabel: string; to: string; toLabel: string; count: number; of: number; share: number }>;
};

export type BandFigures = { band: number | 'below'; label: string; worked: number; sql: number; won: number; sqlRate: number | null; wonRate: number | null };
export type SourceFigures = { source: string; checked: number; agreement: number | null; worked: number; sqlRate: number | null; wonRate: number | null };

export type Suggestion =
  | { kind: 'answer_points'; question: string; questionLabel: string; answer: string; answerLabel: string; from: number; to: number; why: string }
  | { kind: 'threshold'; from: number; to: number; why: string };

export type DefinitionPerformance = {
  /** The window the figures are about (leads received in it). */
  days: number;
  checked: number;
  questions: QuestionFigures[];
  bands: BandFigures[];
  sources: SourceFigures[];
  /** A change the figures argue for, once enough leads were checked; null otherwise. */
  suggestion: Suggestion | null;
};

/** Leads checked by sales in the window before a change is suggested from them. */
export const MIN_CHECKED_FOR_SUGGESTION = 30;
/** Leads behind one figure before a suggestion rests on it. */
const MIN_SAMPLE = 10;

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export function definitionPerformance(counts: PerformanceCounts, definition: LeadDefinition, days: number): DefinitionPerformance {
  const questions = definition.questions.map((question): QuestionFigures => {
    const pairs = counts.answerPairs.filter((p) => p.key === question.key);
    const labelOf = (value: string) => question.answers.find((a) => a.value === value)?.label ?? value;
    const compared = pairs.reduce((sum, p) => sum + p.count, 0);
    const agreed = pairs.filter((p) => p.intake === p.found).reduce((sum, p) => sum + p.count, 0);
    const cameWith = (value: string) => pairs.filter((p) => p.intake === value).reduce((sum, p) => sum + p.count, 0);
    const corrections = pairs
      .filter((p) => p.intake !== p.found)
      .map((p) => ({ from: p.intake, fromLabel: labelOf(p.intake), to: p.found, toLabel: labelOf(p.found), count: p.count, of: cameWith(p.intake), share: p.count / cameWith(p.intake) }))
      .sort((a, b) => b.count - a.count || b.share - a.share || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
      .slice(0, 3);
    return { key: question.key, label: question.label, compared, agreed, agreement: rate(agreed, compared), corrections };
  });
  const bands = [...counts.bands]
    .sort((a, b) => (a.band === 'below' ? -1 : b.band === 'below' ? 1 : a.band - b.band))
    .map((b): BandFigures => ({ ...b, label: b.band === 'below' ? `below ${definition.threshold}` : `${b.band}–${b.band + 9}`, sqlRate: rate(b.sql, b.worked), wonRate: rate(b.won, b.worked) }));
  const sources = [...counts.sources]
    .sort((a, b) => b.checked - a.checked || b.worked - a.worked || a.source.localeCompare(b.source))
    .slice(0, 5)
    .map((s): SourceFigures => ({ source: s.source, checked: s.checked, agreement: rate(s.agreed, s.compared), worked: s.worked, sqlRate: rate(s.sql, s.worked), wonRate: rate(s.won, s.worked) }));
  return { days, checked: counts.checked, questions, bands, sources, suggestion: counts.checked >= MIN_CHECKED_FOR_SUGGESTION ? suggest(questions, bands, counts, definition) : null };
}

/**
 * One change the figures argue for, the strongest first:
 * 1. an answer sales corrects in at least 40 % of the (10 or more) checked
 *    leads that came with it gets the points of what sales found for them
 *    on average;
 * 2. else the threshold: up 10 when the leads just above it reach SQL at
 *    under half the rate of all worked leads; down 10 when leads below it
 *    that sales worked on reach SQL at least as often as those just above.
 */
function suggest(questions: QuestionFigures[], bands: BandFigures[], counts: PerformanceCounts, definition: LeadDefinition): Suggestion | null {
  let best: (Suggestion & { weight: number }) | null = null;
  for (const question of definition.questions) {
    const figures = questions.find((q) => q.key === question.key)!;
    for (const answer of question.answers) {
      const pairs = counts.answerPairs.filter((p) => p.key === question.key && p.intake === answer.value);
      const of = pairs.reduce((sum, p) => sum + p.count, 0);
      const corrected = pairs.filter((p) => p.found !== answer.value).reduce((sum, p) => sum + p.count, 0);
      if (of < MIN_SAMPLE || corrected / of < 0.4) continue;
      const pointsOf = (value: string) => question.answers.find((a) => a.value === value)?.points ?? 0;
      const to = Math.round(pairs.reduce((sum, p) => sum + pointsOf(p.found) * p.count, 0) / of);
      if (to === answer.points) continue;
      const top = figures.corrections.find((c) => c.from === answer.value);
      const weight = Math.abs(answer.points - to) * of;
      if (best && best.weight >= weight) continue;
      best = {
        kind: 'answer_points',
        question: question.key,
        questionLabel: question.label,
        answer: answer.value,
        answerLabel: answer.label,
        from: answer.points,
        to,
        weight,
        why: `sales found otherwise in ${corrected} of ${of} checked leads that came with “${answer.label}” (${Math.round((corrected / of) * 100)}%${top ? `, most often “${top.toLabel}”` : ''}); on average what sales found is worth ${to} points, not ${answer.points}`,
      };
    }
  }
  if (best) {
    const { weight: _weight, ...suggestion } = best;
    return suggestion;
  }
  const worked = bands.reduce((sum, b) => sum + b.worked, 0);
  const overall = rate(bands.reduce((sum, b) => sum + b.sql, 0), worked);
  const lowest = bands.find((b) => b.band !== 'below' && b.worked >= MIN_SAMPLE);
  const below = bands.find((b) => b.band === 'below' && b.worked >= MIN_SAMPLE);
  if (lowest && overall !== null && lowest.sqlRate !== null && lowest.band === Math.floor(definition.threshold / 10) * 10 && lowest.sqlRate < overall / 2) {
    return { kind: 'threshold', from: definition.threshold, to: Math.min(1000, definition.threshold + 10), why: `leads scoring ${lowest.label} reached SQL in ${pct(lowest.sqlRate)} of ${lowest.worked} worked, under half of all worked leads (${pct(overall)})` };
  }
  if (below && lowest && below.sqlRate !== null && lowest.sqlRate !== null && below.sqlRate >= lowest.sqlRate) {
    return { kind: 'threshold', from: definition.threshold, to: Math.max(0, definition.threshold - 10), why: `leads below the threshold that sales worked on reached SQL in ${pct(below.sqlRate)} of ${below.worked}, as often as those scoring ${lowest.label} (${pct(lowest.sqlRate)})` };
  }
  return null;
}

/** The definition with the suggested change made, for a normal proposal. */
export function applySuggestion(definition: LeadDefinition, suggestion: Suggestion): LeadDefinition {
  if (suggestion.kind === 'threshold') return { ...definition, threshold: suggestion.to };
  return {
    ...definition,
    questions: definition.questions.map((q) =>
      q.key !== suggestion.question ? q : { ...q, answers: q.answers.map((a) => (a.value === suggestion.answer ? { ...a, points: suggestion.to } : a)) },
    ),
  };
}

function pct(value: number): string {
  return `${Math.round(value * 100)}%`;
}
