import { beforeAll, describe, expect, it } from 'vitest';
import { NONE } from '../../src/reports/statsReport.js';
import { headlineFigures, leadStats, periodMatch, statsPipeline, weeklyCounts } from '../../src/storage/leadReports.js';
import { precedingPeriod, weekContaining } from '../../src/reports/periods.js';
import { LeadModel } from '../../src/storage/leadModel.js';
import { leadDocument, planLeads, type LeadPlan } from '../support/leadHistories.js';
import { useDatabase } from '../support/testDatabase.js';

useDatabase([LeadModel]);

const tz = 'Europe/Berlin';
// Five weeks around the end of daylight saving time (clocks go back Sunday 25 Oct 2026).
const plans: LeadPlan[] = planLeads(900, { from: new Date('2026-10-05T00:00:00Z'), to: new Date('2026-11-08T00:00:00Z') }, 7);
// Two leads either side of the DST week's end: Sunday 23:30 local belongs to it, Monday 00:30 to the next.
const lastMinute: LeadPlan = { receivedAt: new Date('2026-10-25T22:30:00Z'), source: 'web', campaign: 'edge', qualifies: true, reminded: false, firstTouchReminded: false };
const nextWeek: LeadPlan = { receivedAt: new Date('2026-10-25T23:30:00Z'), source: 'web', campaign: 'edge', qualifies: true, reminded: false, firstTouchReminded: false };
plans.push(lastMinute, nextWeek);

beforeAll(async () => {
  await LeadModel.collection.insertMany(plans.map(leadDocument));
});

/** The expected figures, straight from the plans. */
function expected(inPeriod: LeadPlan[]) {
  const pct = (values: number[], p: number) => {
    const s = [...values].sort((a, b) => a - b);
    const i = (s.length - 1) * p;
    return s[Math.floor(i)]! * (1 - (i - Math.floor(i))) + s[Math.ceil(i)]! * (i - Math.floor(i));
  };
  const claimed = inPeriod.filter((p) => p.claim);
  const accepted = claimed.filter((p) => p.verdict && p.verdict.kind !== 'reject');
  const touched = inPeriod.filter((p) => p.firstTouchAfterMin !== undefined).map((p) => p.firstTouchAfterMin!);
  const reached = (stages: string[]) => inPeriod.filter((p) => p.furthest && stages.includes(p.furthest)).length;
  const revenue: Record<string, number> = {};
  for (const p of inPeriod) if (p.won) revenue[p.won.currency] = (revenue[p.won.currency] ?? 0) + p.won.amount;
  const reasons: Record<string, number> = {};
  for (const p of inPeriod) if (p.verdict?.kind === 'reject') reasons[p.verdict.reason] = (reasons[p.verdict.reason] ?? 0) + 1;
  return {
    leadsIn: inPeriod.length,
    mql: inPeriod.filter((p) => p.qualifies).length,
    nurture: inPeriod.filter((p) => !p.qualifies).length,
    claimed: claimed.length,
    accepted: accepted.length,
    rejected: Object.values(reasons).reduce((a, b) => a + b, 0),
    acceptanceRate: claimed.length ? accepted.length / claimed.length : null,
    claimMedian: claimed.length ? pct(claimed.map((p) => p.claim!.afterMin), 0.5) : null,
    claimP90: claimed.length ? pct(claimed.map((p) => p.claim!.afterMin), 0.9) : null,
    touchMedian: touched.length ? pct(touched, 0.5) : null,
    touchP90: touched.length ? pct(touched, 0.9) : null,
    funnel: { mql: inPeriod.filter((p) => p.qualifies).length, sal: accepted.length, sql: reached(['sql', 'opportunity', 'won', 'lost']) - inPeriod.filter((p) => p.furthest === 'lost').length, opportunity: reached(['opportunity', 'won']), won: reached(['won']) },
    lost: reached(['lost']),
    revenue,
    reasons,
    breaches: {
      claimReminders: inPeriod.filter((p) => p.reminded).length,
      escalations: inPeriod.filter((p) => p.claim?.escalated).length,
      firstTouchReminders: inPeriod.filter((p) => p.firstTouchReminded).length,
    },
  };
}

const between = (period: { start: Date; end: Date }) => plans.filter((p) => p.receivedAt >= period.start && p.receivedAt < period.end);

describe('leadStats', () => {
  it('computes every figure of a week across the DST change from the recorded histories', async () => {
    const week = weekContaining(new Date('2026-10-21T12:00:00Z'), tz); // 19–25 Oct, 169 hours
    const inWeek = between(week);
    expect(inWeek).toContain(lastMinute);
    expect(inWeek).not.toContain(nextWeek);
    const want = expected(inWeek);
    const report = await leadStats(week);
    const f = report.figures;
    expect(f.leadsIn).toBe(want.leadsIn);
    expect([f.mql, f.nurture, f.claimed, f.accepted, f.rejected]).toEqual([want.mql, want.nurture, want.claimed, want.accepted, want.rejected]);
    expect(f.acceptanceRate).toBeCloseTo(want.acceptanceRate!, 10);
    expect(f.speedToClaim?.median).toBeCloseTo(want.claimMedian!, 6);
    expect(f.speedToClaim?.p90).toBeCloseTo(want.claimP90!, 6);
    expect(f.speedToFirstTouch?.median).toBeCloseTo(want.touchMedian!, 6);
    expect(f.speedToFirstTouch?.p90).toBeCloseTo(want.touchP90!, 6);
    expect(f.funnel).toEqual(want.funnel);
    expect(f.lost).toBe(want.lost);
    expect(Object.fromEntries(f.revenue.map((r) => [r.currency, r.amount]))).toEqual(want.revenue);
    expect(Object.fromEntries(report.rejections.map((r) => [r.reason, r.count]))).toEqual(want.reasons);
    expect(f.breaches).toEqual({ ...want.breaches, total: want.breaches.claimReminders + want.breaches.escalations + want.breaches.firstTouchReminders });
  });

  it('breaks the figures down by source and campaign, the biggest first and the rest folded', async () => {
    const week = weekContaining(new Date('2026-10-14T12:00:00Z'), tz);
    const inWeek = between(week);
    const report = await leadStats(week, {}, 3);
    const bySource = new Map<string, LeadPlan[]>();
    for (const p of inWeek) bySource.set(p.source ?? NONE, [...(bySource.get(p.source ?? NONE) ?? []), p]);
    const ranked = [...bySource].sort((a, b) => b[1].length - a[1].length || expected(b[1]).funnel.won - expected(a[1]).funnel.won || a[0].localeCompare(b[0]));
    expect(report.bySource.rows.map((r) => [r.key, r.figures.leadsIn, r.figures.accepted, r.figures.won])).toEqual(
      ranked.slice(0, 3).map(([key, leads]) => [key, leads.length, expected(leads).accepted, expected(leads).funnel.won]),
    );
    const rest = ranked.slice(3).flatMap(([, leads]) => leads);
    expect(report.bySource.others?.key).toBe(`${ranked.length - 3} others`);
    expect(report.bySource.others?.figures.leadsIn).toBe(rest.length);
    expect(report.bySource.others?.figures.claimed).toBe(expected(rest).claimed);
    const campaigns = report.byCampaign.rows.reduce((n, r) => n + r.figures.leadsIn, 0) + (report.byCampaign.others?.figures.leadsIn ?? 0);
    expect(campaigns).toBe(inWeek.length);
  });

  it('filters by source and campaign, and counts 30 days or any range the same way', async () => {
    const period = { start: new Date('2026-10-08T00:00:00Z'), end: new Date('2026-11-07T00:00:00Z'), label: '30 days' };
    const want = expected(between(period).filter((p) => p.source === 'webinar' && p.campaign === 'brand'));
    const report = await leadStats(period, { source: 'webinar', campaign: 'brand' });
    expect(report.figures.leadsIn).toBe(want.leadsIn);
    expect(report.figures.won).toBe(want.funnel.won);
    expect(report.figures.accepted).toBe(want.accepted);
    expect((await leadStats(period, { source: 'no-such-source' })).figures.leadsIn).toBe(0);
  });

  it('compares a week with the one before it, of the same local length', async () => {
    const week = weekContaining(new Date('2026-10-28T12:00:00Z'), tz);
    const before = precedingPeriod(week, tz);
    expect(before.label).toBe('the week of 2026-10-19');
    expect((before.end.getTime() - before.start.getTime()) / 3_600_000).toBe(169);
    const full = (await leadStats(before)).figures;
    expect(full.leadsIn).toBe(between(before).length);
    // The lighter pass for the comparison agrees with the full report.
    expect(await headlineFigures(before)).toEqual({
      leadsIn: full.leadsIn,
      mql: full.mql,
      claimed: full.claimed,
      accepted: full.accepted,
      acceptanceRate: full.acceptanceRate,
      won: full.won,
      breaches: { total: full.breaches.total },
    });
    expect(full.breaches.total).toBeGreaterThan(0);
  });

  it('counts leads in, accepted and won week by week, each lead in the local week it arrived', async () => {
    const weeks = [weekContaining(new Date('2026-10-14T12:00:00Z'), tz)];
    while (weeks.length < 4) weeks.push(weekContaining(weeks.at(-1)!.end, tz));
    const counts = await weeklyCounts(weeks);
    expect(counts.map((c) => c.leadsIn)).toEqual(weeks.map((w) => between(w).length));
    expect(counts.map((c) => c.accepted)).toEqual(weeks.map((w) => expected(between(w)).accepted));
    expect(counts.map((c) => c.won)).toEqual(weeks.map((w) => expected(between(w)).funnel.won));
    // The DST week keeps its Sunday-night lead; the next week gets the Monday-morning one.
    expect(counts[1]!.leadsIn).toBe(between(weeks[1]!).length);
    expect(between(weeks[2]!)).toContain(nextWeek);
  });

  it('reads only the period’s leads, starting on an index the app creates', () => {
    const pipeline = statsPipeline({ start: new Date(0), end: new Date(1), label: '' }, { source: 'web' });
    expect(pipeline[0]).toEqual({ $match: periodMatch({ start: new Date(0), end: new Date(1), label: '' }, { source: 'web' }) });
    const indexes = LeadModel.schema.indexes().map(([keys]) => Object.keys(keys).join(','));
    for (const filter of [{}, { source: 'web' }, { campaign: 'x' }]) {
      const fields = Object.keys(periodMatch({ start: new Date(0), end: new Date(1), label: '' }, filter));
      // Equality fields first, then the receivedAt range: the index's keys in that order.
      expect(indexes).toContain(fields.join(','));
    }
  });
});
