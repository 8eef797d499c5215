import type { Lead } from '../leads/lead.js';
import { ACCEPT_EVENTS, REACHED_OR_PASSED, TAKEN_ON_EVENTS } from './waterfall.js';

/**
 * One row of `/leads export` per lead: the facts every report figure is
 * counted from, by the rules in waterfall.ts that the aggregation (storage/leadReports.ts) also runs (see the
 * README's "Closed-loop reports"), so summing a column in a spreadsheet gives
 * the figure of `/leads stats` for the same period and filters. Pure.
 */

/** The columns, in order; the flags (0/1) add up to the report's counts. */
export const EXPORT_COLUMNS = [
  'lead_id',
  'received_at',
  'source',
  'campaign',
  'origin',
  'queue',
  'definition_version',
  'score',
  'current_stage',
  'furthest_stage',
  'mql',
  'nurture',
  'claimed',
  'accepted',
  'rejected',
  'sql',
  'opportunity',
  'won',
  'lost',
  'mql_at',
  'claimed_at',
  'accepted_at',
  'sql_at',
  'opportunity_at',
  'won_at',
  'lost_at',
  'rejected_at',
  'first_touch_at',
  'minutes_to_claim',
  'minutes_to_first_touch',
  'verdict',
  'reject_reason',
  'owner',
  'won_amount',
  'won_currency',
  'claim_reminder',
  'escalated',
  'first_touch_reminder',
  'checked_by_sales',
  'qualified_by_sales',
  'contact_name',
  'contact_email',
  'contact_phone',
  'company',
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number>;

/**
 * After the fixed columns, two per question of the definition in force:
 * the answer the lead came with (`<key>_intake`) and what sales found
 * (`<key>_sales`, empty until sales qualified it).
 */
export function questionColumns(questionKeys: string[]): string[] {
  return questionKeys.flatMap((key) => [`${key}_intake`, `${key}_sales`]);
}

export function questionCells(lead: Lead, questionKeys: string[]): Record<string, string> {
  const found = new Map((lead.findings?.answers ?? []).map((a) => [a.key, a.found]));
  return Object.fromEntries(questionKeys.flatMap((key) => [[`${key}_intake`, text(lead.qualification[key])], [`${key}_sales`, text(found.get(key))]]));
}

export function exportRow(lead: Lead): ExportRow {
  const h = lead.history;
  // When the lead first reached (or passed) each step: the rules of reports/waterfall.ts, lead by lead.
  const reached = (stages: readonly string[]) => h.find((e) => stages.includes(e.to))?.at ?? null;
  const happened = (events: readonly string[]) => h.find((e) => events.includes(e.event))?.at ?? null;
  // A rep's own prospect never went through marketing's part of the waterfall (waterfall.ts MARKETING_ONLY_FIGURES).
  const marketing = lead.origin !== 'sales';
  const marketingOnly = (at: Date | null) => (marketing ? at : null);
  const mqlAt = marketingOnly(reached(REACHED_OR_PASSED.mql));
  const claimedAt = marketingOnly(reached(REACHED_OR_PASSED.claimed));
  const sqlAt = reached(REACHED_OR_PASSED.sql);
  const opportunityAt = reached(REACHED_OR_PASSED.opportunity);
  const wonAt = reached(REACHED_OR_PASSED.won);
  const acceptedAt = marketingOnly(happened(ACCEPT_EVENTS) ?? sqlAt);
  const rejectedAt = marketingOnly(happened(['reject']));
  const lostAt = reached(['lost']);
  const firstMql = marketingOnly(h.find((e) => e.to === 'mql')?.at ?? null);
  const firstSal = h.find((e) => e.to === 'sal')?.at ?? null;
  const minutes = (from: Date | null, to: Date | null) => {
    if (!from || !to) return '';
    const value = (to.getTime() - from.getTime()) / 60_000;
    return value >= 0 ? value : '';
  };
  const mql = mqlAt !== null;
  const nurture = marketing && !mql && h.some((e) => e.to === 'nurture');
  const taken = h.filter((e) => (TAKEN_ON_EVENTS as readonly string[]).includes(e.event)).at(-1);
  const owner = taken ? (taken.details?.assignee ?? (taken.by.kind === 'user' ? taken.by.userId : '')) : '';
  const furthest = wonAt ? 'won' : opportunityAt ? 'opportunity' : sqlAt ? 'sql' : !marketing ? 'prospected' : acceptedAt ? 'sal' : claimedAt ? 'claimed' : mql ? 'mql' : nurture ? 'nurture' : lead.stage;
  const rejections = h.filter((e) => e.event === 'reject');
  const flag = (value: unknown) => (value ? 1 : 0);
  return {
    lead_id: lead.id,
    received_at: iso(lead.receivedAt),
    source: text(lead.source),
    campaign: text(lead.campaign),
    origin: lead.origin,
    queue: text(lead.queue?.name),
    definition_version: lead.judgement?.definitionVersion ?? '',
    score: lead.judgement?.score ?? '',
    current_stage: lead.stage,
    furthest_stage: furthest,
    mql: flag(mql),
    nurture: flag(nurture),
    claimed: flag(claimedAt),
    accepted: flag(acceptedAt),
    rejected: flag(rejectedAt),
    sql: flag(sqlAt),
    opportunity: flag(opportunityAt),
    won: flag(wonAt),
    lost: flag(lostAt),
    mql_at: iso(mqlAt),
    claimed_at: iso(claimedAt),
    accepted_at: iso(acceptedAt),
    sql_at: iso(sqlAt),
    opportunity_at: iso(opportunityAt),
    won_at: iso(wonAt),
    lost_at: iso(lostAt),
    rejected_at: iso(rejectedAt),
    first_touch_at: iso(lead.firstTouchAt),
    minutes_to_claim: minutes(firstMql, firstSal),
    minutes_to_first_touch: minutes(firstMql, lead.firstTouchAt),
    verdict: lead.verdict?.kind ?? '',
    reject_reason: text(rejections.map((e) => e.details?.reason ?? 'unknown').join('; ')),
    owner,
    won_amount: lead.outcome?.kind === 'won' ? (lead.outcome.amount ?? '') : '',
    won_currency: lead.outcome?.kind === 'won' ? (lead.outcome.currency ?? '') : '',
    claim_reminder: flag(happened(['claim_reminder'])),
    escalated: flag(happened(['escalated'])),
    first_touch_reminder: flag(happened(['first_touch_reminder'])),
    checked_by_sales: flag(lead.findings),
    qualified_by_sales: flag(lead.findings?.qualified),
    // An erased person has none of these left to export.
    contact_name: text(lead.contact.name),
    contact_email: text(lead.contact.email),
    contact_phone: text(lead.contact.phone),
    company: text(lead.company.name),
  };
}

function iso(at: Date | null | undefined): string {
  return at ? new Date(at).toISOString() : '';
}

/**
 * Text as a spreadsheet should read it: a value a spreadsheet would run as
 * a formula (=, +, -, @, or a tab or carriage return first) gets a leading
 * apostrophe, so a lead named "=HYPERLINK(…)" stays text (OWASP: CSV injection).
 */
function text(value: string | undefined): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
