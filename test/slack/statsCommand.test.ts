import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { leadStats } from '../../src/storage/leadReports.js';
import { parsePeriod } from '../../src/reports/periods.js';
import { leadDocument, planLeads } from '../support/leadHistories.js';
import { recompute } from '../support/recomputeReports.js';
import { eventually, useTestApp } from '../support/testApp.js';

const TZ = 'Europe/Berlin';
const now = () => new Date('2026-11-18T10:00:00Z');
const REP = 'U0REPA0001';
const MARKETER = 'U0MARKET01';
const app = useTestApp({ env: { TZ, LEADLOOP_SALES: REP, LEADLOOP_MARKETING: MARKETER }, now });
const plans = planLeads(400, { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-18T09:00:00Z') }, 3);

beforeAll(async () => {
  await mongoose.connection.db!.collection('leads').insertMany(plans.map(leadDocument));
});

type Answer = { response_type: string; text: string; blocks?: any[] };
async function stats(text: string): Promise<Answer> {
  const res = await app().command('U0MARKET01', `stats ${text}`.trim());
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

describe('/leads stats', () => {
  it('answers this week’s figures privately, with the breakdown', async () => {
    const answer = await stats('');
    const week = parsePeriod('this week', now(), TZ);
    const figures = (await leadStats(week.ok ? week.period : (undefined as never))).figures;
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toMatch(new RegExp(`^Leads · week of 2026-11-16: ${figures.leadsIn} leads in, ${figures.mql} to sales`));
    const all = JSON.stringify(answer.blocks);
    expect(all).toContain('*By source*');
    expect(all).toContain('*Not a lead, by reason*');
    expect(figures.leadsIn).toBeGreaterThan(0);
  });

  it('takes a period and filters, and counts what the report counts', async () => {
    const answer = await stats('30d source:webinar campaign:"q4-webinars"');
    const inPeriod = plans.filter(
      (p) => p.receivedAt >= new Date('2026-10-19T22:00:00Z') && p.receivedAt < new Date('2026-11-18T23:00:00Z') && p.source === 'webinar' && p.campaign === 'q4-webinars',
    );
    expect(answer.text).toMatch(new RegExp(`^Leads · last 30 days · source webinar, campaign q4-webinars: ${inPeriod.length} leads in`));
    const range = await stats('2026-10-01..2026-10-07');
    const firstWeek = plans.filter((p) => p.receivedAt >= new Date('2026-09-30T22:00:00Z') && p.receivedAt < new Date('2026-10-07T22:00:00Z'));
    expect(range.text).toMatch(new RegExp(`^Leads · 2026-10-01 to 2026-10-07: ${firstWeek.length} leads in`));
  });

  it('breaks the figures down by rep for marketing, counted from the histories, and keeps that from reps', async () => {
    // The app's own jobs move leads on (automatic accepts after the verdict window): take an answer given while the histories held still.
    const read = () => mongoose.connection.db!.collection('leads').find({}).sort({ _id: 1 }).toArray();
    const { answer, docs } = await eventually(async () => {
      const before = await read();
      const answer = await stats('30d by:rep');
      const after = await read();
      return JSON.stringify(before) === JSON.stringify(after) ? { answer, docs: after } : undefined;
    }, 10_000, 'an answer over still histories');
    const byRep = answer.blocks!.find((b) => b.type === 'section' && b.text?.text.startsWith('*By rep*'));
    expect(byRep).toBeDefined();
    // Recounted from the stored histories, independently of src/reports/.
    const want = recompute(docs, { start: new Date('2026-10-19T22:00:00Z'), end: new Date('2026-11-18T23:00:00Z') }); // 20 Oct to 18 Nov, Berlin days
    expect(want.byRep.length).toBeGreaterThan(1);
    for (const rep of want.byRep) {
      const f = rep.figures;
      expect(byRep.text.text).toContain(`• <@${rep.userId}>\n      claimed ${f.claimed} · accepted ${f.accepted} (${Math.round(f.acceptanceRate! * 100)}%) · rejected ${f.rejected}`);
      expect(byRep.text.text).toMatch(new RegExp(`<@${rep.userId}>\\n.* · SQL ${f.sql} · won ${f.won} · `));
    }
    const res = await app().command(REP, 'stats 30d by:rep');
    expect(((await res.json()) as Answer).text).toBe('The figures by rep are for marketing and admins; leave out `by:rep` for the team’s figures.');
  });

  it('says plainly when nothing matches', async () => {
    const answer = await stats('last week source:nowhere');
    expect(answer.text).toMatch(/No leads came in source nowhere during week of 2026-11-09/);
  });

  it('answers arguments it cannot read with the usage, not an error', async () => {
    expect((await stats('yesterday')).text).toMatch(/^I can show `this week`.*Usage: `\/leads stats \[period\]/);
    expect((await stats('owner:me')).text).toMatch(/^I only filter by `source:`, `campaign:`, `queue:` and `origin:`, and break down `by:rep`/);
    expect((await stats('2026-02-30..2026-03-01')).text).toMatch(/^That is not a real date/);
    expect((await stats('source:')).text).toMatch(/^Give the source, campaign or queue a value/);
  });
});

describe('/leads help, away and back', () => {
  it('lists what /leads does', async () => {
    const res = await app().command(MARKETER, 'help');
    expect(((await res.json()) as Answer).text).toContain('/leads stats');
    const stranger = (await (await app().command('U0ANYONE01', 'stats')).json()) as Answer;
    expect(stranger.text).toBe('You need a Leadloop role to see the figures; ask an admin.');
  });

  it('lets a rep be away until a date, and back; others cannot', async () => {
    const away = (await (await app().command(REP, 'away until 2026-12-01')).json()) as Answer;
    expect(away.text).toMatch(/^You are away until <!date\^\d+\^\{date_long\}\|2026-11-30T23:00:00.000Z>/);
    expect(await mongoose.connection.db!.collection('reps').findOne({ _id: REP as any })).toMatchObject({ away: { until: new Date('2026-11-30T23:00:00Z') } });
    expect(((await (await app().command(REP, 'away until 2026-11-01')).json()) as Answer).text).toMatch(/already begun/);
    expect(((await (await app().command(REP, 'away tomorrow')).json()) as Answer).text).toMatch(/^Usage: `\/leads away`/);
    expect(((await (await app().command(REP, 'back')).json()) as Answer).text).toMatch(/^Welcome back/);
    expect(((await (await app().command(REP, 'back')).json()) as Answer).text).toBe('You were not marked away.');
    expect(((await (await app().command('U0MARKET01', 'away')).json()) as Answer).text).toMatch(/^Only sales reps/);
  });
});
