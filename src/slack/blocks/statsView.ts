import type { KnownBlock } from '@slack/types';
import type { LeadDefinition } from '../../definition/definition.js';
import type { Breakdown, Figures, Spread } from '../../reports/figures.js';
import { change } from '../../reports/figures.js';
import type { Comparison, RepRow, StatsReport } from '../../reports/statsReport.js';
import { shortDuration } from './duration.js';
import { cutAtLine, LIMITS, mrkdwn, mrkdwnSafe, oneLine, plain, truncate } from './text.js';

/** Renders the closed-loop figures for the digest and /leads stats. */

export type StatsMessage = { text: string; blocks: KnownBlock[] };

/** Rejection reason keys to the labels in the lead definition. */
export type ReasonLabels = Record<string, string>;

export function reasonLabelsOf(definition: LeadDefinition): ReasonLabels {
  return Object.fromEntries(definition.rejectionReasons.map((r) => [r.key, r.label]));
}

/** The headline: the period's figures against the period before. */
export function statsSummary(report: StatsReport, previous: Comparison, title: string): StatsMessage {
  const f = report.figures;
  const before = previous.figures;
  const scope = filterWords(report);
  // The header is plain text; the fallback `text` is read as mrkdwn, so there the (user-typed) scope is escaped.
  const heading = `${title} · ${report.period.label}${scope ? ` · ${scope}` : ''}`;
  const headingText = `${title} · ${report.period.label}${scope ? ` · ${mrkdwnSafe(scope, 300)}` : ''}`;
  if (f.leadsIn === 0) {
    const earlier = before.leadsIn === 0 ? `none in ${previous.period.label} either` : `${before.leadsIn} in ${previous.period.label}`;
    const text = mrkdwnSafe(`No leads came in ${scope ? `${scope} ` : ''}during ${report.period.label} (${earlier}).`, LIMITS.sectionText);
    return { text: truncate(oneLine(`${headingText}: ${text}`), LIMITS.fallbackText), blocks: [header(heading), { type: 'section', text: mrkdwn(text) }] };
  }
  const o = f.byOrigin;
  if (report.filter.origin === 'sales') return salesSourcedSummary(report, heading, headingText, previous);
  const fields = [
    `*Leads in*\n${f.leadsIn}${delta(f.leadsIn, before.leadsIn)}${o.sales.leadsIn ? `\nmarketing ${o.marketing.leadsIn} · sales ${o.sales.leadsIn}` : ''}`,
    `*To sales (MQL) · nurture*\n${f.mql} · ${f.nurture}${delta(f.mql, before.mql)}`,
    `*Claimed*\n${f.claimed}${delta(f.claimed, before.claimed)}`,
    `*Accepted*\n${rate(f.acceptanceRate)} (${f.accepted} of ${f.claimed})${pointsChange(f.acceptanceRate, before.acceptanceRate)}`,
    `*Speed to claim*\n${spreadWords(f.speedToClaim)}`,
    `*Speed to first touch*\n${spreadWords(f.speedToFirstTouch)}`,
    `*Won*\n${f.won}${f.revenue.length ? ` · ${revenueWords(f.revenue)}` : ''}${delta(f.won, before.won)}`,
    `*Service-level breaches*\n${breachWords(f)}${delta(f.breaches.total, before.breaches.total)}`,
    `*Qualified by sales*\n${f.checkedBySales ? `${f.qualifiedBySales} of ${f.checkedBySales} checked meet the definition` : 'none checked yet'}`,
  ];
  const blocks: KnownBlock[] = [
    header(heading),
    { type: 'section', fields: fields.map((t) => mrkdwn(truncate(t, LIMITS.sectionField))) },
    { type: 'section', text: mrkdwn(truncate(funnelChart(f), LIMITS.sectionText)) },
    { type: 'section', text: mrkdwn(cutAtLine(originTable(f), LIMITS.sectionText)) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Follows the leads that came in during the period through everything that happened to them since. Changes in brackets compare with ${previous.period.label}, when ${before.leadsIn} leads came in.`,
        ),
      ],
    },
  ];
  const text = `${headingText}: ${f.leadsIn} leads in${o.sales.leadsIn ? ` (${o.sales.leadsIn} sales-sourced)` : ''}, ${f.mql} to sales, ${f.claimed} claimed, ${rate(f.acceptanceRate)} accepted, ${f.won} won.`;
  return { text: truncate(oneLine(text), LIMITS.fallbackText), blocks };
}

/**
 * `origin:sales`: reps' own prospects never went through marketing's part
 * of the waterfall (no MQL, claim or acceptance), so only what they became.
 */
function salesSourcedSummary(report: StatsReport, heading: string, headingText: string, previous: Comparison): StatsMessage {
  const s = report.figures.byOrigin.sales;
  const fields = [
    `*Leads in (reps' own prospects)*\n${s.leadsIn}${delta(s.leadsIn, previous.figures.leadsIn)}`,
    `*SQL*\n${s.sql}`,
    `*Opportunity*\n${s.opportunity}`,
    `*Won · lost*\n${s.won} · ${s.lost}${s.revenue.length ? `\n${revenueWords(s.revenue)}` : ''}`,
  ];
  const blocks: KnownBlock[] = [
    header(heading),
    { type: 'section', fields: fields.map((t) => mrkdwn(truncate(t, LIMITS.sectionField))) },
    { type: 'context', elements: [mrkdwn(`Sales-sourced leads are prospects reps entered themselves: never claimed or accepted, so no MQL, acceptance or speed to claim. Changes compare with ${previous.period.label}.`)] },
  ];
  const text = `${headingText}: ${s.leadsIn} sales-sourced leads in, ${s.sql} SQL, ${s.opportunity} opportunities, ${s.won} won.`;
  return { text: truncate(oneLine(text), LIMITS.fallbackText), blocks };
}

/** Marketing-sourced and sales-sourced side by side: what each origin's leads became, and its share of won revenue. */
function originTable(f: Figures): string {
  const row = (name: string, o: Figures['byOrigin']['marketing']) =>
    entry(name, [
      ['in', String(o.leadsIn)],
      ['SQL', String(o.sql)],
      ['opportunity', String(o.opportunity)],
      ['won', String(o.won)],
      ['revenue', o.revenue.length ? `${revenueWords(o.revenue)} (${o.revenueShare.map((r) => `${Math.round(r.share * 100)}%${o.revenueShare.length > 1 ? ` of ${r.currency}` : ''}`).join(', ')} of won revenue)` : '–'],
    ]);
  return `*Marketing-sourced vs sales-sourced*\n${row('Marketing-sourced', f.byOrigin.marketing)}\n${row('Sales-sourced (reps’ own prospects)', f.byOrigin.sales)}`;
}

/** The detail: rejection reasons, and the figures by source and by campaign. */
export function statsDetail(report: StatsReport, reasons: ReasonLabels, options: { byRep?: boolean } = {}): StatsMessage {
  const rejections = report.rejections.length
    ? report.rejections.map((r) => `• ${mrkdwnSafe(oneLine(reasons[r.reason] ?? r.reason), 80)}: ${r.count}`).join('\n')
    : 'None.';
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(truncate(`*Not a lead, by reason*\n${rejections}`, LIMITS.sectionText)) },
    { type: 'section', text: mrkdwn(cutAtLine(`*By source*\n${breakdownTable(report.bySource)}`, LIMITS.sectionText)) },
    { type: 'section', text: mrkdwn(cutAtLine(`*By campaign*\n${breakdownTable(report.byCampaign)}`, LIMITS.sectionText)) },
    // Only once routing has queues: every lead in `default` says nothing a team without queues needs.
    ...(report.byQueue.some((q) => q.key !== 'default') ? [{ type: 'section' as const, text: mrkdwn(cutAtLine(`*By queue*\n${queueTable(report.byQueue)}`, LIMITS.sectionText)) }] : []),
    ...(options.byRep && report.byRep ? [{ type: 'section' as const, text: mrkdwn(cutAtLine(`*By rep* (the leads each took on last)\n${repTable(report.byRep, reasons)}`, LIMITS.sectionText)) }] : []),
  ];
  const top = report.bySource.rows[0];
  const text = `Detail for ${report.period.label}: ${report.rejections.length} rejection reasons; top source ${top ? `${mrkdwnSafe(oneLine(top.key), 100)} (${top.figures.leadsIn})` : 'none'}.`;
  return { text: truncate(oneLine(text), LIMITS.fallbackText), blocks };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

function filterWords(report: StatsReport): string {
  const parts = [];
  if (report.filter.source !== undefined) parts.push(`source ${report.filter.source}`);
  if (report.filter.campaign !== undefined) parts.push(`campaign ${report.filter.campaign}`);
  if (report.filter.queue !== undefined) parts.push(`queue ${report.filter.queue}`);
  if (report.filter.origin !== undefined) parts.push(`${report.filter.origin}-sourced`);
  return oneLine(parts.join(', '));
}

function delta(current: number, previous: number): string {
  const words = change(current, previous);
  return words ? ` _(${words})_` : '';
}

function pointsChange(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return '';
  const points = Math.round((current - previous) * 100);
  return points === 0 ? ' _(±0 pts)_' : ` _(${points > 0 ? '+' : '−'}${Math.abs(points)} pts)_`;
}

export function rate(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)}%`;
}

function minutes(value: number): string {
  return shortDuration(0, value * 60_000);
}

function spreadWords(s: Spread | null): string {
  return s ? `median ${minutes(s.median)} · p90 ${minutes(s.p90)}` : '–';
}

function revenueWords(revenue: Array<{ currency: string; amount: number }>): string {
  return revenue.map((r) => money(r.amount, r.currency)).join(' + ') || '–';
}

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${Math.round(amount)} ${mrkdwnSafe(currency, 10)}`;
  }
}

function breachWords(f: Figures): string {
  const b = f.breaches;
  if (b.total === 0) return 'none';
  return `${b.total} (${b.claimReminders} not claimed in time, ${b.escalations} escalated, ${b.firstTouchReminders} no first touch in time)`;
}

/** The waterfall as bars: how far the period's leads got, and each step's conversion from the one before. */
function funnelChart(f: Figures): string {
  const steps: Array<[string, number, number | null]> = [
    ['MQL', f.funnel.mql, null],
    ['SAL', f.funnel.sal, f.conversion.salOfMql],
    ['SQL', f.funnel.sql, f.conversion.sqlOfSal],
    ['Opportunity', f.funnel.opportunity, f.conversion.opportunityOfSql],
    ['Won', f.funnel.won, f.conversion.wonOfOpportunity],
  ];
  const widest = Math.max(1, ...steps.map(([, n]) => n));
  const lines = steps.map(([name, n, conversion], i) => {
    const bar = '█'.repeat(Math.round((n / widest) * 20)) || (n > 0 ? '▏' : '');
    const share = i > 0 ? `  ${rate(conversion)} of ${steps[i - 1]![0]}` : '';
    return `${name.padEnd(12)}${bar.padEnd(21)}${String(n).padStart(6)}${share}`;
  });
  const scope = f.byOrigin.sales.leadsIn ? 'marketing-sourced leads; ' : '';
  return `*Waterfall* (${scope}a lead counts at every stage it reached or passed; SAL = accepted by sales)\n\`\`\`\n${lines.join('\n')}\n\`\`\``;
}

/**
 * A breakdown as one entry per group: the group's name alone on its line
 * (escaped; whatever a form sent, long, emoji, right-to-left or markup, it
 * cannot run into a figure), then every figure with its label, separated by
 * " · ". It reads the same on a phone, where a wide table would wrap.
 */
function breakdownTable(groups: { rows: Breakdown[]; others: Breakdown | null }): string {
  const rows = [...groups.rows, ...(groups.others ? [groups.others] : [])];
  if (rows.length === 0) return 'None.';
  return figureTable(rows, [
    ['in', (f) => String(f.leadsIn)],
    ['MQL', (f) => String(f.mql)],
    ['accepted', (f) => rate(f.acceptanceRate)],
    ['won', (f) => String(f.won)],
    ['revenue', (f) => (f.revenue.length ? revenueWords(f.revenue) : '–')],
  ]);
}

/** Per queue: how its leads were taken and how fast (speed to claim), and what they became. */
function queueTable(rows: Breakdown[]): string {
  return figureTable(rows, [
    ['in', (f) => String(f.leadsIn)],
    ['claimed', (f) => String(f.claimed)],
    ['speed to claim', (f) => spreadWords(f.speedToClaim)],
    ['accepted', (f) => rate(f.acceptanceRate)],
    ['won', (f) => String(f.won)],
    ['revenue', (f) => (f.revenue.length ? revenueWords(f.revenue) : '–')],
  ]);
}

/** A breakdown's rows, each with the named figures. */
function figureTable(rows: Breakdown[], columns: Array<[string, (f: Breakdown['figures']) => string]>): string {
  return rows.map((r) => entry(r.key, columns.map(([label, value]) => [label, value(r.figures)]))).join('\n');
}

/** One group of a breakdown: its name on one line (escaped unless it is a mention Leadloop built), its labelled figures on the next. */
function entry(name: string, figures: Array<[string, string]>, options: { mention?: boolean } = {}): string {
  const shown = options.mention ? name : mrkdwnSafe(oneLine(name), 60) || ' ';
  return `• ${shown}\n      ${figures.map(([label, value]) => `${label} ${value}`).join(' · ')}`;
}

/** Per rep: the leads they took on and what became of them, counted like the waterfall. */
function repTable(rows: RepRow[], reasons: ReasonLabels): string {
  if (rows.length === 0) return 'Nobody took a lead on.';
  return rows
    .map((r) =>
      entry(
        `<@${r.userId}>`,
        [
          ['claimed', String(r.figures.claimed)],
          ['accepted', `${r.figures.accepted} (${rate(r.figures.acceptanceRate)})`],
          ['rejected', `${r.figures.rejected}${r.topRejection ? ` (most: ${mrkdwnSafe(oneLine(reasons[r.topRejection.reason] ?? r.topRejection.reason), 60)})` : ''}`],
          ['SQL', String(r.figures.sql)],
          ['won', String(r.figures.won)],
          ['revenue', r.figures.revenue.length ? revenueWords(r.figures.revenue) : '–'],
          ['first touch', r.figures.speedToFirstTouch ? `median ${minutes(r.figures.speedToFirstTouch.median)}` : '–'],
        ],
        { mention: true },
      ),
    )
    .join('\n');
}
