import { TZDate } from '@date-fns/tz';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { weekContaining } from '../../src/reports/periods.js';
import { leadSteps } from '../support/leadSteps.js';
import { eventually, useTestApp } from '../support/testApp.js';

const DIGEST = 'C0DIGEST001';
const TZ = 'Europe/Berlin';
const REP_A = 'U0REPA0001';
const REP_B = 'U0REPB0001';
/** The app's clock: moved by the test to when each thing happens. */
let clock = new Date('2026-11-03T09:00:00Z');
const at = (iso: string) => (clock = new Date(iso));

const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST, TZ, LEADLOOP_SALES: `${REP_A},${REP_B}` }, now: () => clock });
const leads = leadSteps(app);
const nurture = { qualification: { need: 'none', budget: 'none', authority: 'Unknown', timeline: 'later' }, company: { name: 'Tiny', size: '1-10' } };

/** Digest headlines only (the rejection reports go to the same channel). */
const isDigest = (c: { args: any }) => c.args.channel === DIGEST && c.args.metadata?.event_type === 'leadloop_digest_posted';
const headlines = () => app().slack.accepted('chat.postMessage').filter(isDigest);
const fieldsOf = (call: { args: any }) => (call.args.blocks as any[]).find((b) => b.fields)?.fields.map((f: any) => f.text) as string[];

describe('the weekly digest', () => {
  it('is scheduled for Monday 09:00 in the team’s time zone', async () => {
    const job = await mongoose.connection.db!.collection('jobs').findOne({ name: 'weekly-digest' });
    expect(job).toMatchObject({ repeatInterval: '0 9 * * 1', repeatTimezone: TZ });
    const monday = new TZDate(weekContaining(new Date(), TZ).end.getTime(), TZ);
    monday.setHours(9, 0, 0, 0);
    expect(job!.nextRunAt).toEqual(new Date(monday.getTime()));
  });

  it('reports last week’s leads against the week before, with the detail in its thread, once', async () => {
    // The week before (2–8 Nov): one lead.
    at('2026-11-03T09:00:00Z');
    await leads.intake({ contact: { name: 'Early Lead', email: 'early@example.com' }, source: 'web', campaign: 'brand' });

    // Last week (9–15 Nov): three qualifying leads and one for nurture.
    at('2026-11-10T09:00:00Z'); // Tuesday 10:00 in Berlin
    const won = await leads.intake({ contact: { name: 'Will Win', email: 'win@example.com' }, source: 'webinar', campaign: 'q4-webinars' });
    const rejected = await leads.intake({ contact: { name: 'Not Alead', email: 'no@example.com' }, source: 'ads', campaign: 'retargeting' });
    const waiting = await leads.intake({ contact: { name: 'Still Open', email: 'open@example.com' }, source: 'webinar', campaign: 'q4-webinars' });
    await leads.intake({ contact: { name: 'Too Early', email: 'nurture@example.com' }, source: 'ads', campaign: 'retargeting', ...nurture });

    at('2026-11-10T09:12:00Z'); // claimed 12 min after posting
    await leads.claim(won.id, won.ts!, REP_A);
    await leads.step(won.id, won.ts!, REP_A, 'accept');
    at('2026-11-10T09:42:00Z'); // the other 42 min after posting
    await leads.claim(rejected.id, rejected.ts!, REP_B);
    await leads.reject(rejected.id, rejected.ts!, REP_B, 'no_budget');
    at('2026-11-10T11:00:00Z'); // first touch 2 h after posting
    await leads.step(won.id, won.ts!, REP_A, 'contacted');
    at('2026-11-12T15:00:00Z');
    await leads.crm(won.id, { stage: 'won', amount: 12500, currency: 'EUR' });
    void waiting;

    at('2026-11-16T08:00:00Z'); // Monday 09:00 in Berlin
    app().slack.reset();
    await app().running.runDigestNow();
    const [headline] = await eventually(() => (headlines().length ? headlines() : undefined), 10_000, 'the digest');
    await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.thread_ts === headline!.response!.ts), 5000, 'the detail');

    expect(headline!.args.text).toBe('Weekly leads digest · week of 2026-11-09: 4 leads in, 3 to sales, 2 claimed, 50% accepted, 1 won.');
    expect(headline!.args.metadata).toEqual({ event_type: 'leadloop_digest_posted', event_payload: { week: '2026-11-09' } });
    expect(fieldsOf(headline!)).toEqual([
      '*Leads in*\n4 _(+300%)_',
      '*To sales (MQL) · nurture*\n3 · 1 _(+200%)_',
      '*Claimed*\n2 _(new)_',
      '*Accepted*\n50% (1 of 2)',
      '*Speed to claim*\nmedian 27 min · p90 39 min', // 12 and 42 min: median 27, p90 12 + 0.9 × 30 = 39
      '*Speed to first touch*\nmedian 2 h · p90 2 h',
      '*Won*\n1 · €12,500 _(new)_',
      '*Service-level breaches*\nnone',
      '*Qualified by sales*\nnone checked yet',
    ]);
    const waterfall = JSON.stringify(headline!.args.blocks);
    // Accept → contacted → won (the CRM skipped the middle): the lead counts at SQL and opportunity too.
    expect(waterfall).toMatch(/MQL +█+ +3\\n/);
    expect(waterfall).toMatch(/SAL +█+ +1 +33% of MQL/);
    expect(waterfall).toMatch(/SQL +█+ +1 +100% of SAL/);
    // Marketing- and sales-sourced side by side (no rep entered a prospect that week).
    expect(waterfall).toContain('*Marketing-sourced vs sales-sourced*\\n• Marketing-sourced\\n      in 4 · SQL 1 · opportunity 1 · won 1 · revenue €12,500 (100% of won revenue)\\n• Sales-sourced (reps’ own prospects)\\n      in 0 · SQL 0 · opportunity 0 · won 0 · revenue –');
    expect(waterfall).toMatch(/Opportunity +█+ +1 +100% of SQL/);
    expect(waterfall).toMatch(/Won +█+ +1 +100% of Opportunity/);

    const detail = app().slack.accepted('chat.postMessage').find((c) => c.args.thread_ts === headline!.response!.ts)!;
    const detailText = JSON.stringify(detail.args.blocks);
    expect(detailText).toContain('• No budget: 1');
    // Each figure behind its label and a separator, never touching its neighbour.
    expect(detailText).toContain('• webinar\\n      in 2 · MQL 2 · accepted 100% · won 1 · revenue €12,500');
    expect(detailText).toContain('• ads\\n      in 2 · MQL 1 · accepted 0% · won 0 · revenue –');

    // The picture: a PNG in the same thread.
    const chart = await eventually(() => app().slack.accepted('files.completeUploadExternal')[0], 5000, 'the chart');
    expect(chart.args).toMatchObject({ channel_id: DIGEST, thread_ts: headline!.response!.ts, files: [{ title: 'Leads · week of 2026-11-09' }] });
    const png = app().slack.uploads.get(chart.args.files[0].id)!;
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([960, 420]);
    const upload = app().slack.accepted('files.getUploadURLExternal')[0]!;
    expect(upload.args.alt_text).toBe("Waterfall of the week's 3 MQLs to 1 won, and leads in per week for the last 8 weeks");

    // Again (a restart, another instance's timer): nothing new is sent.
    await app().running.runDigestNow();
    await app().running.idle();
    expect(headlines()).toHaveLength(1);
    const run = await mongoose.connection.db!.collection('digest_runs').findOne({ _id: '2026-11-09' as any });
    expect(run).toMatchObject({ status: 'sent', channelId: DIGEST, ts: headline!.response!.ts });
  });

  it('says so when a week had no leads', async () => {
    at('2026-11-30T08:00:00Z'); // digest for 23–29 Nov: nothing came in
    await app().running.runDigestNow();
    const [headline] = await eventually(() => (headlines().length ? headlines() : undefined), 10_000, 'the digest');
    expect(headline!.args.text).toBe('Weekly leads digest · week of 2026-11-23: No leads came in during week of 2026-11-23 (none in the week of 2026-11-16 either).');
    expect(app().slack.accepted('chat.postMessage').filter((c) => c.args.channel === DIGEST && c.args.thread_ts)).toHaveLength(0);
    expect(app().slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('retries when Slack fails, and still posts the week once', async () => {
    at('2026-12-07T08:00:00Z');
    app().slack.failNext('chat.postMessage', { status: 500 });
    await app().running.runDigestNow();
    await eventually(() => (headlines().length ? headlines() : undefined), 10_000, 'the digest after a retry');
    expect(app().slack.callsTo('chat.postMessage').filter(isDigest).map((c) => c.status)).toEqual([500, 200]);
    // The first digest of December also says how the definition performs, in its thread.
    const monthly = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === DIGEST && c.args.thread_ts && /performs/.test(c.args.text)), 5000, 'the monthly section');
    expect(monthly.args.text).toBe('How lead definition v1 performs (monthly)');
    expect(JSON.stringify(monthly.args.blocks)).toContain('Does marketing’s answer hold up when sales asks?');
    expect(JSON.stringify(monthly.args.blocks)).not.toContain('Propose this change');
  });

  it('finds the message an earlier attempt posted but could not record, instead of posting again', async () => {
    // (A week before the real date: Slack's message timestamps are real time.)
    at('2026-11-02T08:00:00Z');
    app().slack.failNext('chat.postMessage', { dropAfterSuccess: true });
    await app().running.runDigestNow();
    await eventually(async () => (await mongoose.connection.db!.collection('digest_runs').findOne({ _id: '2026-10-26' as any }))?.status === 'sent', 10_000, 'recorded');
    expect(app().slack.callsTo('chat.postMessage').filter(isDigest)).toHaveLength(1);
    expect(app().slack.callsTo('conversations.history').length).toBeGreaterThan(0);
  });
});
