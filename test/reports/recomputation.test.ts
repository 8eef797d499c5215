import { beforeAll, describe, expect, it } from 'vitest';
import { headlineFigures, leadStats, weeklyCounts } from '../../src/storage/leadReports.js';
import { LeadModel } from '../../src/storage/leadModel.js';
import { recompute } from '../support/recomputeReports.js';
import { richLeadDocuments } from '../support/richHistories.js';
import { useDatabase } from '../support/testDatabase.js';

useDatabase([LeadModel]);

// Six weeks around the end of daylight saving time in Berlin (Sunday 25 Oct 2026).
const docs = richLeadDocuments(1500, { from: new Date('2026-10-04T22:00:00Z'), to: new Date('2026-11-15T23:00:00Z') }, 11);
// Monday 00:00 Europe/Berlin, written out by hand (not computed by src/reports/periods).
const WEEKS = [
  ['2026-10-04T22:00:00Z', '2026-10-11T22:00:00Z'],
  ['2026-10-11T22:00:00Z', '2026-10-18T22:00:00Z'],
  ['2026-10-18T22:00:00Z', '2026-10-25T23:00:00Z'], // 169 hours: the clocks go back
  ['2026-10-25T23:00:00Z', '2026-11-01T23:00:00Z'],
  ['2026-11-01T23:00:00Z', '2026-11-08T23:00:00Z'],
  ['2026-11-08T23:00:00Z', '2026-11-15T23:00:00Z'],
].map(([start, end]) => ({ start: new Date(start!), end: new Date(end!), label: `week of ${start!.slice(0, 10)}` }));

beforeAll(async () => {
  await LeadModel.collection.insertMany(docs);
});

/** Numbers rounded far below anything shown, so two correct sums of floats compare equal. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
}

/** The columns a by-campaign row carries (the table shows these). */
const shown = (f: any) => ({ leadsIn: f.leadsIn, mql: f.mql, claimed: f.claimed, accepted: f.accepted, acceptanceRate: f.acceptanceRate, won: f.won, revenue: f.revenue });

describe('every reported figure equals a recomputation from the histories', () => {
  it('has the lives the reports must get right', () => {
    const events = new Set(docs.flatMap((d) => d.history.map((e: any) => e.event)));
    for (const event of ['prospected', 'findings', 'released', 'escalated', 'reject', 'requalified', 'auto_accepted', 'qualified', 'erased', 'won', 'lost', 'claim_reminder', 'first_touch_reminder']) expect(events).toContain(event);
    // Accept → won with nothing in between, as a CRM reports it.
    expect(docs.some((d) => d.history.some((e: any, i: number) => e.event === 'won' && d.history[i - 1].to === 'sal'))).toBe(true);
    expect(new Set(docs.flatMap((d) => (d.outcome?.kind === 'won' ? [d.outcome.currency] : []))).size).toBeGreaterThan(2);
    // Reps' own prospects worked to won, beside marketing's leads stored with and without an origin.
    expect(docs.some((d) => d.origin === 'sales' && d.outcome?.kind === 'won')).toBe(true);
    expect(docs.some((d) => d.origin === undefined) && docs.some((d) => d.origin === 'marketing')).toBe(true);
  });

  it('for each week, across the DST change, with the breakdowns by source, campaign and rep', async () => {
    for (const week of WEEKS) {
      const want = recompute(docs, week);
      expect(want.figures.leadsIn).toBeGreaterThan(100);
      const report = await leadStats(week, {}, 5, { byRep: true });
      expect(rounded(report.figures)).toEqual(rounded(want.figures));
      expect(report.rejections).toEqual(want.rejections);
      expect(rounded(report.bySource)).toEqual(rounded(want.bySource));
      expect(report.byCampaign.rows.map((r) => [r.key, shown(r.figures)])).toEqual(want.byCampaign.rows.map((r) => [r.key, shown(r.figures)]));
      expect(report.byCampaign.others && [report.byCampaign.others.key, shown(report.byCampaign.others.figures)]).toEqual(want.byCampaign.others && [want.byCampaign.others.key, shown(want.byCampaign.others.figures)]);
      expect(rounded(report.byRep)).toEqual(rounded(want.byRep));
      expect(rounded(report.byQueue)).toEqual(rounded(want.byQueue));

      const headline = await headlineFigures(week);
      const f = want.figures;
      expect(headline).toEqual({ leadsIn: f.leadsIn, mql: f.mql, claimed: f.claimed, accepted: f.accepted, acceptanceRate: f.acceptanceRate, won: f.won, breaches: { total: f.breaches.total } });
    }
  });

  it('splits every week by origin: marketing- and sales-sourced add up to the whole', async () => {
    for (const week of WEEKS) {
      const { byOrigin, leadsIn, won } = (await leadStats(week)).figures;
      expect(byOrigin.sales.leadsIn).toBeGreaterThan(0);
      expect(byOrigin.marketing.leadsIn + byOrigin.sales.leadsIn).toBe(leadsIn);
      expect(byOrigin.marketing.won + byOrigin.sales.won).toBe(won);
    }
  });

  it('never rises from one stage of the waterfall to the next', async () => {
    for (const week of WEEKS) {
      const { funnel } = (await leadStats(week)).figures;
      const steps = [funnel.mql, funnel.sal, funnel.sql, funnel.opportunity, funnel.won];
      expect(steps).toEqual([...steps].sort((a, b) => b - a));
    }
  });

  it('for 30 days and for a range, filtered by source and by campaign', async () => {
    const thirty = { start: new Date('2026-10-16T22:00:00Z'), end: new Date('2026-11-15T23:00:00Z'), label: '30 days' };
    for (const filter of [{}, { source: 'webinar' }, { campaign: 'brand' }, { source: 'ads', campaign: 'retargeting' }, { source: '🚀 launch' }, { origin: 'sales' as const }, { origin: 'marketing' as const }, { source: 'web', origin: 'sales' as const }, { queue: 'EMEA' }, { queue: 'default', source: 'webinar' }]) {
      const want = recompute(docs, thirty, filter);
      if (filter.origin) expect(want.figures.byOrigin[filter.origin === 'sales' ? 'marketing' : 'sales'].leadsIn).toBe(0);
      const report = await leadStats(thirty, filter, 5, { byRep: true });
      expect(rounded(report.figures)).toEqual(rounded(want.figures));
      expect(rounded(report.byRep)).toEqual(rounded(want.byRep));
      expect(rounded(report.byQueue)).toEqual(rounded(want.byQueue));
      expect(report.rejections).toEqual(want.rejections);
    }
  });

  it('counts the weeks of the digest’s trend the same way', async () => {
    const counts = await weeklyCounts(WEEKS);
    expect(counts.map((c) => [c.leadsIn, c.accepted, c.won])).toEqual(WEEKS.map((w) => {
      const f = recompute(docs, w).figures;
      return [f.leadsIn, f.accepted, f.won];
    }));
  });
});
