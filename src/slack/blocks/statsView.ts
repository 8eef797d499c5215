import type { KnownBlock } from '@slack/types';
import type { LeadDefinition } from '../../definition/definition.js';
import type { Breakdown, Figures, Spread } from '../../reports/figures.js';
import { change } from '../../reports/figures.js';
import type { Comparison, StatsReport } from '../../reports/leadStats.js';
import { shortDuration } from './duration.js';
import { LIMITS, mrkdwn, mrkdwnSafe, oneLine, plain, truncate } from './text.js';

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
  const heading = `${title} · ${report.period.label}${scope ? ` · ${scope}` : ''}`;
  if (f.leadsIn === 0) {
    const earlier = before.leadsIn === 0 ? `none in ${previous.period.label} either` : `${before.leadsIn} in ${previous.period.label}`;
    const text = `No leads came in ${scope ? `${scope} ` : ''}during ${report.period.label} (${earlier}).`;
    return { text: truncate(`${heading}: ${text}`, LIMITS.fallbackText), blocks: [header(heading), { type: 'section', text: mrkdwn(mrkdwnSafe(text, LIMITS.sectionText)) }] };
  }
  const fields = [
    `*Leads in*\n${f.leadsIn}${delta(f.leadsIn, before.leadsIn)}`,
    `*To sales (MQL) · nurture*\n${f.mql} · ${f.nurture}${delta(f.mql, before.mql)}`,
    `*Claimed*\n${f.claimed}${delta(f.claimed, before.claimed)}`,
    `*Accepted*\n${rate(f.acceptanceRate)} (${f.accepted} of ${f.claimed})${pointsChange(f.acceptanceRate, before.acceptanceRate)}`,
    `*Speed to claim*\n${spreadWords(f.speedToClaim)}`,
    `*Speed to first touch*\n${spreadWords(f.speedToFirstTouch)}`,
    `*Won*\n${f.won}${f.revenue.length ? ` · ${revenueWords(f.revenue)}` : ''}${delta(f.won, before.won)}`,
    `*Service-level breaches*\n${breachWords(f)}${delta(f.breaches.total, before.breaches.total)}`,
  ];
  const blocks: KnownBlock[] = [
    header(heading),
    { type: 'section', fields: fields.map((t) => mrkdwn(truncate(t, LIMITS.sectionField))) },
    { type: 'section', text: mrkdwn(truncate(funnelChart(f), LIMITS.sectionText)) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Follows the leads that came in during the period through everything that happened to them since. Changes in brackets compare with ${previous.period.label}, when ${before.leadsIn} leads came in.`,
        ),
      ],
    },
  ];
  const text = `${heading}: ${f.leadsIn} leads in, ${f.mql} to sales, ${f.claimed} claimed, ${rate(f.acceptanceRate)} accepted, ${f.won} won.`;
  return { text: truncate(oneLine(text), LIMITS.fallbackText), blocks };
}

/** The detail: rejection reasons, and the figures by source and by campaign. */
export function statsDetail(report: StatsReport, reasons: ReasonLabels): StatsMessage {
  const rejections = report.rejections.length
    ? report.rejections.map((r) => `• ${mrkdwnSafe(oneLine(reasons[r.reason] ?? r.reason), 80)}: ${r.count}`).join('\n')
    : 'None.';
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(truncate(`*Not a lead, by reason*\n${rejections}`, LIMITS.sectionText)) },
    { type: 'section', text: mrkdwn(truncate(`*By source*\n${breakdownTable(report.bySource)}`, LIMITS.sectionText)) },
    { type: 'section', text: mrkdwn(truncate(`*By campaign*\n${breakdownTable(report.byCampaign)}`, LIMITS.sectionText)) },
  ];
  const top = report.bySource.rows[0];
  const text = `Detail for ${report.period.label}: ${report.rejections.length} rejection reasons; top source ${top ? `${top.key} (${top.figures.leadsIn})` : 'none'}.`;
  return { text: truncate(oneLine(text), LIMITS.fallbackText), blocks };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

function filterWords(report: StatsReport): string {
  const parts = [];
  if (report.filter.source !== undefined) parts.push(`source ${report.filter.source}`);
  if (report.filter.campaign !== undefined) parts.push(`campaign ${report.filter.campaign}`);
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

/** The waterfall as bars: how far the period's leads got. */
function funnelChart(f: Figures): string {
  const steps: Array<[string, number]> = [
    ['MQL', f.funnel.mql],
    ['SAL', f.funnel.sal],
    ['SQL', f.funnel.sql],
    ['Opportunity', f.funnel.opportunity],
    ['Won', f.funnel.won],
  ];
  const widest = Math.max(1, ...steps.map(([, n]) => n));
  const lines = steps.map(([name, n]) => {
    const bar = '█'.repeat(Math.round((n / widest) * 20)) || (n > 0 ? '▏' : '');
    const share = f.funnel.mql > 0 && name !== 'MQL' ? ` ${Math.round((n / f.funnel.mql) * 100)}%` : '';
    return `${name.padEnd(12)}${bar.padEnd(21)}${String(n).padStart(5)}${share}`;
  });
  return `*Waterfall* (share of MQL)\n\`\`\`\n${lines.join('\n')}\n\`\`\``;
}

function breakdownTable(groups: { rows: Breakdown[]; others: Breakdown | null }): string {
  const rows = [...groups.rows, ...(groups.others ? [groups.others] : [])];
  if (rows.length === 0) return 'None.';
  const line = (cells: string[]) => `${cells[0]!.padEnd(24)}${cells.slice(1).map((c) => c.padStart(9)).join('')}`;
  const body = rows.map((r) =>
    line([
      truncate(oneLine(r.key), 23),
      String(r.figures.leadsIn),
      String(r.figures.mql),
      rate(r.figures.acceptanceRate),
      String(r.figures.won),
      r.figures.revenue.length ? truncate(revenueWords(r.figures.revenue), 20) : '–',
    ]),
  );
  // Escaped: source and campaign names are whatever the forms sent.
  return mrkdwnSafe(`\`\`\`\n${[line(['', 'in', 'MQL', 'accepted', 'won', 'revenue']), ...body].join('\n')}\n\`\`\``, LIMITS.sectionText - 40);
}
