import { parse } from 'csv-parse/sync';
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { recompute } from '../support/recomputeReports.js';
import { richLeadDocuments } from '../support/richHistories.js';
import { eventually, useTestApp } from '../support/testApp.js';

const TZ = 'Europe/Berlin';
const MARKETER = 'U0MARKET01';
const REP = 'U0REPA0001';
// The clock stands still after the histories: the app's own jobs have nothing left to move.
const now = () => new Date('2026-12-20T10:00:00Z');
const app = useTestApp({ env: { TZ, LEADLOOP_SALES: REP, LEADLOOP_MARKETING: MARKETER }, now });
const docs = richLeadDocuments(600, { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') }, 23);
docs[0]!.source = '=HYPERLINK("http://evil.example","click")';

const leads = () => mongoose.connection.db!.collection('leads');
const stored = () => leads().find({}).sort({ _id: 1 }).toArray();

beforeAll(async () => {
  await leads().insertMany(docs);
});

async function exportAs(userId: string, text: string) {
  const res = await app().command(userId, `export ${text}`.trim());
  expect(res.status).toBe(200);
  return (await res.json()) as { text: string };
}

async function downloaded(): Promise<Array<Record<string, string>>> {
  const shared = await eventually(() => app().slack.accepted('files.completeUploadExternal').find((c) => c.args.channel_id === `D${MARKETER}`), 10_000, 'the export in a DM');
  const bytes = app().slack.uploads.get(shared.args.files[0].id)!;
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // a BOM, so Excel reads UTF-8
  return parse(bytes, { columns: true, bom: true });
}

const sum = (rows: Array<Record<string, string>>, column: string) => rows.reduce((total, r) => total + Number(r[column] || 0), 0);

describe('/leads export', () => {
  it('sends marketing a CSV whose columns add up to /leads stats for the same period', async () => {
    // The app's own jobs still move leads on (automatic accepts, reminders): take an export and an answer made over still histories.
    const { answer, rows, stats, before } = await eventually(async () => {
      app().slack.reset();
      const before = await stored();
      const answer = await exportAs(MARKETER, '2026-10-05..2026-11-15');
      const rows = await downloaded();
      const stats = (await (await app().command(MARKETER, 'stats 2026-10-05..2026-11-15')).json()) as { text: string };
      return JSON.stringify(await stored()) === JSON.stringify(before) ? { answer, rows, stats, before } : undefined;
    }, 30_000, 'an export over still histories');
    expect(answer.text).toBe('Exporting the leads of 2026-10-05 to 2026-11-15; the file will arrive in a direct message from me.');
    // Recounted from the histories as stored: 5 Oct 00:00 to 16 Nov 00:00 in Berlin.
    const want = recompute(before, { start: new Date('2026-10-04T22:00:00Z'), end: new Date('2026-11-15T23:00:00Z') });
    expect(rows).toHaveLength(want.figures.leadsIn);
    for (const column of ['mql', 'nurture', 'claimed', 'accepted', 'rejected', 'sql', 'opportunity', 'won', 'lost'] as const) {
      expect([column, sum(rows, column)]).toEqual([column, want.figures[column]]);
    }
    const revenue: Record<string, number> = {};
    for (const r of rows) if (r.won_currency) revenue[r.won_currency] = (revenue[r.won_currency] ?? 0) + Number(r.won_amount);
    expect(revenue).toEqual(Object.fromEntries(want.figures.revenue.map((r) => [r.currency, r.amount])));
    // Marketing- and sales-sourced, side by side, by the origin column.
    for (const origin of ['marketing', 'sales'] as const) {
      const own = rows.filter((r) => r.origin === origin);
      const o = want.figures.byOrigin[origin];
      expect([origin, own.length, sum(own, 'sql'), sum(own, 'opportunity'), sum(own, 'won')]).toEqual([origin, o.leadsIn, o.sql, o.opportunity, o.won]);
    }
    expect(want.figures.byOrigin.sales.leadsIn).toBeGreaterThan(0);
    // Sales' qualification: its counts, and each question's intake answer beside what sales found.
    expect([sum(rows, 'checked_by_sales'), sum(rows, 'qualified_by_sales')]).toEqual([want.figures.checkedBySales, want.figures.qualifiedBySales]);
    expect(want.figures.checkedBySales).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['need_intake', 'need_sales', 'budget_intake', 'budget_sales', 'timeline_sales']));
    expect(rows.filter((r) => r.checked_by_sales === '1').every((r) => r.need_sales === 'clear')).toBe(true);
    expect(rows.filter((r) => r.checked_by_sales === '0').every((r) => r.need_sales === '')).toBe(true);
    const breaches = sum(rows, 'claim_reminder') + sum(rows, 'escalated') + sum(rows, 'first_touch_reminder');
    expect(breaches).toBe(want.figures.breaches.total);

    // The same figures as /leads stats says them.
    expect(stats.text).toContain(`${rows.length} leads in (${rows.filter((r) => r.origin === 'sales').length} sales-sourced), ${sum(rows, 'mql')} to sales, ${sum(rows, 'claimed')} claimed, ${Math.round((sum(rows, 'accepted') / sum(rows, 'claimed')) * 100)}% accepted, ${sum(rows, 'won')} won.`);
    // Never a waterfall that rises.
    const funnel = ['mql', 'accepted', 'sql', 'opportunity', 'won'].map((c) => sum(rows, c));
    expect(funnel).toEqual([...funnel].sort((a, b) => b - a));
  });

  it('keeps erased people erased, and formulas as text', async () => {
    await exportAs(MARKETER, '2026-10-01..2026-11-20');
    const rows = await downloaded();
    const erased = docs.filter((d) => d.erasedAt).map((d) => String(d._id));
    expect(erased.length).toBeGreaterThan(0);
    for (const row of rows.filter((r) => erased.includes(r.lead_id!))) expect([row.contact_name, row.contact_email, row.contact_phone]).toEqual(['', '', '']);
    const other = rows.find((r) => !erased.includes(r.lead_id!))!;
    expect(other.contact_email).toMatch(/^rich\d+@example\.com$/);
    expect(rows.find((r) => r.lead_id === String(docs[0]!._id))!.source).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('filters like /leads stats, and is for marketing and admins only', async () => {
    await exportAs(MARKETER, '2026-10-01..2026-11-20 source:webinar campaign:brand');
    const rows = await downloaded();
    expect(rows.length).toBe(recompute(docs, { start: new Date('2026-09-30T22:00:00Z'), end: new Date('2026-11-20T23:00:00Z') }, { source: 'webinar', campaign: 'brand' }).figures.leadsIn);
    expect(rows.every((r) => r.source === 'webinar' && r.campaign === 'brand')).toBe(true);
    app().slack.reset();
    await exportAs(MARKETER, '2026-10-01..2026-11-20 origin:sales');
    const prospects = await downloaded();
    expect(prospects.length).toBe(recompute(docs, { start: new Date('2026-09-30T22:00:00Z'), end: new Date('2026-11-20T23:00:00Z') }, { origin: 'sales' }).figures.leadsIn);
    expect(prospects.length).toBeGreaterThan(0);
    expect(prospects.every((r) => r.origin === 'sales' && r.mql === '0' && r.claimed === '0' && r.accepted === '0')).toBe(true);
    expect((await exportAs(REP, 'last week')).text).toBe('The export is for marketing and admins; `/leads stats` shows the figures.');
    expect((await exportAs(MARKETER, 'yesterday')).text).toMatch(/^I can show .*Usage: `\/leads export/);
    expect(app().slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });
});
