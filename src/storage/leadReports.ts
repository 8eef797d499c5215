import type { PipelineStage } from 'mongoose';
import { LeadModel } from './leadModel.js';
import { originMatch } from './leadQueries.js';
import { addTallies, EMPTY_TALLY, figuresOf, ratio, topGroups, type Headline, type Tally } from '../reports/figures.js';
import type { Period } from '../reports/periods.js';
import { ACCEPT_EVENTS, DEFAULT_ORIGIN, REACHED_OR_PASSED, TAKEN_ON_EVENTS, type WaterfallStep } from '../reports/waterfall.js';
import { NONE, type RepRow, type StatsFilter, type StatsReport } from '../reports/statsReport.js';
import type { PerformanceCounts } from '../definition/performance.js';


/**
 * The closed-loop numbers, computed by MongoDB from each lead's recorded
 * history. A report follows the leads that came in during the period (a
 * cohort) through everything that has happened to them since: of last
 * week's leads, how many did sales claim, accept and win.
 *
 * Only leads received in the period are read (the pipeline starts with a
 * range on `receivedAt`, served by the indexes in leadModel), so the cost
 * grows with the period's leads, not with every lead ever stored.
 */

export async function leadStats(period: Period, filter: StatsFilter = {}, top = 5, options: { byRep?: boolean } = {}): Promise<StatsReport> {
  const [result] = await LeadModel.aggregate<FacetResult>(statsPipeline(period, filter, options));
  // Every lead has one source group, so the groups add up to the whole.
  const overall = (result?.bySource ?? []).map(toTally).reduce(addTallies, EMPTY_TALLY);
  return {
    period,
    filter,
    figures: figuresOf(overall),
    rejections: (result?.rejections ?? []).map((r) => ({ reason: r._id ?? 'unknown', count: r.count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    bySource: topGroups((result?.bySource ?? []).map((g) => ({ key: g._id ?? NONE, tally: toTally(g) })), top),
    byCampaign: topGroups((result?.byCampaign ?? []).map((g) => ({ key: g._id ?? NONE, tally: toTally(g) })), top),
    byQueue: (result?.byQueue ?? []).filter((g) => typeof g._id === 'string').map((g) => ({ key: g._id!, figures: figuresOf(toTally(g)) })).sort((a, b) => b.figures.leadsIn - a.figures.leadsIn || a.key.localeCompare(b.key)),
    ...(options.byRep ? { byRep: (result?.byRep ?? []).filter((g) => typeof g._id === 'string').map(toRepRow).sort((a, b) => b.figures.claimed - a.figures.claimed || a.userId.localeCompare(b.userId)) } : {}),
  };
}

function toRepRow(row: GroupRow & { rejectReasons?: Array<Array<string | null>> }): RepRow {
  const counts = new Map<string, number>();
  for (const reason of (row.rejectReasons ?? []).flat()) counts.set(reason ?? 'unknown', (counts.get(reason ?? 'unknown') ?? 0) + 1);
  const [top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { userId: row._id!, figures: figuresOf(toTally(row)), topRejection: top ? { reason: top[0], count: top[1] } : null };
}

/**
 * Only the figures a report is compared on, for the period before it: a
 * lighter pass than the full report (no durations, no breakdown).
 */
export async function headlineFigures(period: Period, filter: StatsFilter = {}): Promise<Headline> {
  const [row] = await LeadModel.aggregate<{ leadsIn: number; mql: number; claimed: number; accepted: number; won: number; breaches: number }>([
    { $match: periodMatch(period, filter) },
    {
      $project: {
        _id: 0,
        mql: marketingOnly(reachedOrPassed('mql', '$history.to')),
        claimed: marketingOnly(reachedOrPassed('claimed', '$history.to')),
        accepted: marketingOnly(acceptedOrPassed('$history.to', '$history.event')),
        won: reachedOrPassed('won', '$history.to'),
        breaches: { $add: [had('event', 'claim_reminder'), had('event', 'escalated'), had('event', 'first_touch_reminder')] },
      },
    },
    { $group: { _id: null, leadsIn: { $sum: 1 }, ...sums('mql', 'claimed', 'accepted', 'won', 'breaches') } },
  ]);
  const t = row ?? { leadsIn: 0, mql: 0, claimed: 0, accepted: 0, won: 0, breaches: 0 };
  return { leadsIn: t.leadsIn, mql: t.mql, claimed: t.claimed, accepted: t.accepted, acceptanceRate: ratio(t.accepted, t.claimed), won: t.won, breaches: { total: t.breaches } };
}

/**
 * Leads in, accepted and won per week, for consecutive weeks (oldest first),
 * in one pass over their leads; each lead falls in the week it arrived in.
 */
export async function weeklyCounts(weeks: Period[]): Promise<Array<{ period: Period; leadsIn: number; accepted: number; won: number }>> {
  if (weeks.length === 0) return [];
  // Which week, by the exact boundaries (weeks across a DST change are not 7 × 24 h).
  const weekIndex = weeks.slice(1).reduceRight<unknown>((later, week, i) => ({ $cond: [{ $lt: ['$receivedAt', week.start] }, i, later] }), weeks.length - 1);
  const rows = await LeadModel.aggregate<{ _id: number; leadsIn: number; accepted: number; won: number }>([
    { $match: { receivedAt: { $gte: weeks[0]!.start, $lt: weeks.at(-1)!.end } } },
    { $project: { _id: 0, week: weekIndex, accepted: marketingOnly(acceptedOrPassed('$history.to', '$history.event')), won: reachedOrPassed('won', '$history.to') } },
    { $group: { _id: '$week', leadsIn: { $sum: 1 }, accepted: { $sum: '$accepted' }, won: { $sum: '$won' } } },
  ]);
  const byWeek = new Map(rows.map((r) => [r._id, r]));
  return weeks.map((period, i) => ({ period, leadsIn: byWeek.get(i)?.leadsIn ?? 0, accepted: byWeek.get(i)?.accepted ?? 0, won: byWeek.get(i)?.won ?? 0 }));
}

/** Whether the lead is sales-sourced (a rep's own prospect); leads stored before origins existed are marketing's. */
const IS_SALES = { $eq: [{ $ifNull: ['$origin', DEFAULT_ORIGIN] }, 'sales'] };

/**
 * A figure only marketing-sourced leads count in (reports/waterfall.ts
 * MARKETING_ONLY_FIGURES): `none` for a sales-sourced lead. `isSales` is the
 * test on the stored lead, or a field a pipeline computed from it earlier.
 */
function marketingOnly(expression: unknown, none: 0 | null = 0, isSales: unknown = IS_SALES) {
  return { $cond: [isSales, none, expression] };
}

/** 1 when the lead's stages (`toPath`, an array) include any stage that proves it reached `step` (reports/waterfall.ts), else 0. */
function reachedOrPassed(step: WaterfallStep, toPath: string) {
  return { $cond: [{ $or: REACHED_OR_PASSED[step].map((stage) => ({ $in: [stage, toPath] })) }, 1, 0] };
}

/** 1 when the lead was accepted by sales (reports/waterfall.ts), else 0. */
function acceptedOrPassed(toPath: string, eventPath: string) {
  const accepted = [...ACCEPT_EVENTS.map((event) => ({ $in: [event, eventPath] })), ...REACHED_OR_PASSED.sql.map((stage) => ({ $in: [stage, toPath] }))];
  return { $cond: [{ $or: accepted }, 1, 0] };
}

/** 1 when any of the lead's history entries reached one of `values` (field `to`) or was one of them (field `event`), else 0. */
function had(field: 'to' | 'event', ...values: string[]) {
  return { $cond: [{ $or: values.map((v) => ({ $in: [v, `$history.${field}`] })) }, 1, 0] };
}

/** `$group` accumulators adding up each named per-lead field. */
function sums(...fields: string[]): Record<string, { $sum: string }> {
  return Object.fromEntries(fields.map((field) => [field, { $sum: `$${field}` }]));
}

/** The leads in a period, as the database reads them; exported so a test can check it starts on an index. */
export function periodMatch(period: Period, filter: StatsFilter): Record<string, unknown> {
  return {
    ...(filter.source !== undefined ? { source: filter.source } : {}),
    ...(filter.campaign !== undefined ? { campaign: filter.campaign } : {}),
    ...(filter.queue !== undefined ? { 'queue.name': filter.queue } : {}),
    ...originMatch(filter.origin),
    receivedAt: { $gte: period.start, $lt: period.end },
  };
}

export function statsPipeline(period: Period, filter: StatsFilter, options: { byRep?: boolean } = {}): PipelineStage[] {
  // The history is read as three parallel arrays (stage reached, event, time),
  // walked once each; everything after looks things up in those.
  const reached = (stage: string) => ({ $cond: [{ $in: [stage, '$to'] }, 1, 0] });
  const happened = (...events: string[]) => ({ $cond: [{ $or: events.map((e) => ({ $in: [e, '$event'] })) }, 1, 0] });
  /** When the lead first reached a stage; entries are in time order. */
  const firstAt = (stage: string) => {
    const index = { $indexOfArray: ['$to', stage] };
    return { $cond: [{ $gte: [index, 0] }, { $arrayElemAt: ['$at', index] }, null] };
  };
  const revenue = () => ({ $cond: [{ $eq: ['$outcome.kind', 'won'] }, { currency: '$outcome.currency', amount: '$outcome.amount' }, null] });
  const minutesBetween = (from: unknown, to: unknown) => ({
    $cond: [{ $and: [from, to] }, { $divide: [{ $subtract: [to, from] }, 60_000] }, null],
  });

  const group = (key: unknown, slim = false) => ({
    $group: slim
      ? // What a breakdown row shows, and no more.
        { _id: key, leadsIn: { $sum: 1 }, ...sums('mql', 'claimed', 'accepted', 'won'), revenue: { $push: '$revenue' } }
      : {
          _id: key,
          leadsIn: { $sum: 1 },
          ...sums('mql', 'nurture', 'claimed', 'accepted', 'rejected', 'sql', 'opportunity', 'won', 'lost', 'claimReminders', 'escalations', 'firstTouchReminders', 'checkedBySales', 'qualifiedBySales'),
          // The sales-sourced leads' share, from the facts above (no second pass over the history).
          salesLeadsIn: { $sum: { $cond: ['$sales', 1, 0] } },
          salesSql: { $sum: { $cond: ['$sales', '$sql', 0] } },
          salesOpportunity: { $sum: { $cond: ['$sales', '$opportunity', 0] } },
          salesWon: { $sum: { $cond: ['$sales', '$won', 0] } },
          salesLost: { $sum: { $cond: ['$sales', '$lost', 0] } },
          claimMinutes: { $push: '$claimMinutes' },
          firstTouchMinutes: { $push: '$firstTouchMinutes' },
          revenue: { $push: '$revenue' },
          salesRevenue: { $push: { $cond: ['$sales', '$revenue', null] } },
        },
  });

  return [
    { $match: periodMatch(period, filter) },
    {
      $project: {
        _id: 0,
        source: { $ifNull: ['$source', null] },
        campaign: { $ifNull: ['$campaign', null] },
        queue: { $ifNull: ['$queue.name', null] },
        sales: IS_SALES,
        firstTouchAt: 1,
        outcome: 1,
        findingsQualified: { $ifNull: ['$findings.qualified', null] },
        to: '$history.to',
        event: '$history.event',
        at: '$history.at',
        ...(options.byRep ? { lastTaken: lastTaken() } : {}),
        // Reasons are read only off the (few) rejected leads' entries.
        rejectReasons: {
          $cond: [
            { $in: ['reject', '$history.event'] },
            { $map: { input: { $filter: { input: '$history', as: 'e', cond: { $eq: ['$$e.event', 'reject'] } } }, as: 'e', in: '$$e.details.reason' } },
            [],
          ],
        },
      },
    },
    // One small row of facts per lead.
    {
      $project: {
        source: 1,
        campaign: 1,
        queue: 1,
        rejectReasons: 1,
        // The rep the lead belongs to: an escalation names its assignee, a claim its clicker.
        ...(options.byRep ? { rep: { $ifNull: ['$lastTaken.details.assignee', '$lastTaken.by.userId'] } } : {}),
        // In Leadloop's history a lead enters `sal` when someone takes it on: a claim, or an escalation's assignment.
        // Marketing's part of the waterfall (reports/waterfall.ts MARKETING_ONLY_FIGURES): none of it for a rep's own prospect.
        claimMinutes: marketingOnly(minutesBetween(firstAt('mql'), firstAt('sal')), null, '$sales'),
        firstTouchMinutes: marketingOnly(minutesBetween(firstAt('mql'), '$firstTouchAt'), null, '$sales'),
        mql: marketingOnly(reachedOrPassed('mql', '$to'), 0, '$sales'),
        nurture: marketingOnly({ $cond: [{ $and: [{ $in: ['nurture', '$to'] }, { $eq: [reachedOrPassed('mql', '$to'), 0] }] }, 1, 0] }, 0, '$sales'),
        claimed: marketingOnly(reachedOrPassed('claimed', '$to'), 0, '$sales'),
        accepted: marketingOnly(acceptedOrPassed('$to', '$event'), 0, '$sales'),
        rejected: marketingOnly(happened('reject'), 0, '$sales'),
        sql: reachedOrPassed('sql', '$to'),
        opportunity: reachedOrPassed('opportunity', '$to'),
        won: reachedOrPassed('won', '$to'),
        lost: reached('lost'),
        revenue: revenue(),
        // Read by the groups for the sales-sourced leads' column beside marketing's.
        sales: 1,
        // Sales' qualification: recorded at all, and whether its findings meet the definition.
        checkedBySales: { $cond: [{ $eq: ['$findingsQualified', null] }, 0, 1] },
        qualifiedBySales: { $cond: [{ $eq: ['$findingsQualified', true] }, 1, 0] },
        claimReminders: happened('claim_reminder'),
        escalations: happened('escalated'),
        firstTouchReminders: happened('first_touch_reminder'),
      },
    },
    {
      $facet: {
        bySource: [group('$source')],
        // By source gives the overall total too; by campaign only needs its table's columns.
        byCampaign: [group('$campaign', true)],
        // Only leads routing posted somewhere (a queue, or the default one).
        byQueue: [{ $match: { queue: { $type: 'string' } } }, group('$queue')],
        rejections: [{ $unwind: '$rejectReasons' }, { $group: { _id: '$rejectReasons', count: { $sum: 1 } } }],
        ...(options.byRep ? { byRep: [{ $match: { rep: { $type: 'string' } } }, withReasons(group('$rep'))] } : {}),
      },
    },
  ];
}

type GroupRow = Omit<Tally, 'claimMinutes' | 'firstTouchMinutes' | 'revenue' | 'salesRevenue'> & {
  _id: string | null;
  claimMinutes: Array<number | null>;
  firstTouchMinutes: Array<number | null>;
  revenue: Array<{ currency?: string; amount?: number } | null>;
  salesRevenue: Array<{ currency?: string; amount?: number } | null>;
};
type FacetResult = {
  bySource?: GroupRow[];
  byCampaign?: GroupRow[];
  byQueue?: GroupRow[];
  byRep?: Array<GroupRow & { rejectReasons?: Array<Array<string | null>> }>;
  rejections?: Array<{ _id: string | null; count: number }>;
};

/**
 * Who a lead's figures belong to: the rep who took it on last (a claim, or
 * an escalation's assignment), so a lead released and claimed again counts
 * for the second rep only.
 */
function lastTaken() {
  return { $arrayElemAt: [{ $filter: { input: '$history', as: 'e', cond: { $in: ['$$e.event', [...TAKEN_ON_EVENTS]] } } }, -1] };
}

/** A group that also keeps its leads' rejection reasons (for a rep's top reason). */
function withReasons(stage: { $group: Record<string, unknown> }) {
  return { $group: { ...stage.$group, rejectReasons: { $push: '$rejectReasons' } } };
}

/** A group's sums; a slim group (see statsPipeline) lacks some, which count as none. */
function toTally(row: Partial<GroupRow>): Tally {
  const numbers = (values: Array<number | null> = []) => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0);
  return {
    leadsIn: row.leadsIn ?? 0,
    mql: row.mql ?? 0,
    nurture: row.nurture ?? 0,
    claimed: row.claimed ?? 0,
    accepted: row.accepted ?? 0,
    rejected: row.rejected ?? 0,
    sql: row.sql ?? 0,
    opportunity: row.opportunity ?? 0,
    won: row.won ?? 0,
    lost: row.lost ?? 0,
    claimMinutes: numbers(row.claimMinutes),
    firstTouchMinutes: numbers(row.firstTouchMinutes),
    revenue: amounts(row.revenue),
    claimReminders: row.claimReminders ?? 0,
    escalations: row.escalations ?? 0,
    firstTouchReminders: row.firstTouchReminders ?? 0,
    salesLeadsIn: row.salesLeadsIn ?? 0,
    salesSql: row.salesSql ?? 0,
    salesOpportunity: row.salesOpportunity ?? 0,
    salesWon: row.salesWon ?? 0,
    salesLost: row.salesLost ?? 0,
    salesRevenue: amounts(row.salesRevenue),
    checkedBySales: row.checkedBySales ?? 0,
    qualifiedBySales: row.qualifiedBySales ?? 0,
  };
}

function amounts(values: Array<{ currency?: string; amount?: number } | null> = []): Array<{ currency: string; amount: number }> {
  return values.flatMap((r) => (r && typeof r.amount === 'number' && r.currency ? [{ currency: r.currency, amount: r.amount }] : []));
}

/**
 * What the definition's performance is computed from (definition/performance.ts):
 * the window's leads judged by a definition, in one pass. Sales' findings
 * are compared answer by answer with what the lead came with; worked leads
 * (taken on, or a rep's own prospect) are counted by score band and source,
 * with how many reached SQL and won (the waterfall's rules).
 */
export async function definitionPerformanceCounts(period: Pick<Period, 'start' | 'end'>): Promise<PerformanceCounts> {
  const worked = { $eq: ['$worked', 1] };
  const compared = { $filter: { input: { $ifNull: ['$answers', []] }, as: 'a', cond: { $ne: [{ $ifNull: ['$$a.intake', null] }, null] } } };
  const [row] = await LeadModel.aggregate<{
    bands: Array<{ _id: number | 'below'; worked: number; sql: number; won: number }>;
    pairs: Array<{ _id: { key: string; intake: string; found: string }; count: number }>;
    sources: Array<{ _id: string; checked: number; compared: number; agreed: number; worked: number; sql: number; won: number }>;
    checked: Array<{ n: number }>;
  }>([
    { $match: { receivedAt: { $gte: period.start, $lt: period.end }, judgement: { $exists: true } } },
    {
      $project: {
        _id: 0,
        source: { $ifNull: ['$source', NONE] },
        score: '$judgement.score',
        threshold: '$judgement.threshold',
        // Taken on by a rep (claimed, assigned) or their own prospect: every one enters `sal`.
        worked: reachedOrPassed('claimed', '$history.to'),
        sql: reachedOrPassed('sql', '$history.to'),
        won: reachedOrPassed('won', '$history.to'),
        checked: { $cond: [{ $gt: [{ $ifNull: ['$findings.definitionVersion', 0] }, 0] }, 1, 0] },
        answers: '$findings.answers',
      },
    },
    {
      $facet: {
        bands: [
          { $match: { worked: 1 } },
          {
            $group: {
              _id: { $cond: [{ $lt: ['$score', '$threshold'] }, 'below', { $multiply: [{ $floor: { $divide: ['$score', 10] } }, 10] }] },
              worked: { $sum: 1 },
              sql: { $sum: '$sql' },
              won: { $sum: '$won' },
            },
          },
        ],
        pairs: [
          { $match: { checked: 1 } },
          { $project: { answers: compared } },
          { $unwind: '$answers' },
          { $group: { _id: { key: '$answers.key', intake: '$answers.intake', found: '$answers.found' }, count: { $sum: 1 } } },
        ],
        sources: [
          {
            $group: {
              _id: '$source',
              checked: { $sum: '$checked' },
              compared: { $sum: { $size: compared } },
              agreed: { $sum: { $size: { $filter: { input: compared, as: 'a', cond: { $eq: ['$$a.intake', '$$a.found'] } } } } },
              worked: { $sum: '$worked' },
              sql: { $sum: { $cond: [worked, '$sql', 0] } },
              won: { $sum: { $cond: [worked, '$won', 0] } },
            },
          },
        ],
        checked: [{ $match: { checked: 1 } }, { $count: 'n' }],
      },
    },
  ]);
  return {
    bands: (row?.bands ?? []).map((b) => ({ band: b._id, worked: b.worked, sql: b.sql, won: b.won })),
    answerPairs: (row?.pairs ?? []).map((p) => ({ key: p._id.key, intake: p._id.intake, found: p._id.found, count: p.count })),
    sources: (row?.sources ?? []).map((s) => ({ source: s._id, checked: s.checked, compared: s.compared, agreed: s.agreed, worked: s.worked, sql: s.sql, won: s.won })),
    checked: row?.checked[0]?.n ?? 0,
  };
}
