import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { leadStats } from '../../src/storage/leadReports.js';
import { leadSteps } from '../support/leadSteps.js';
import { eventually, INTAKE_TOKEN, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const TZ = 'Europe/Berlin';
const [REP_A, REP_B, REP_C] = ['U0REPA0001', 'U0REPB0001', 'U0REPC0001'];
const MANAGERS = 'S0SALESMGR1';
let clock = new Date('2026-11-16T09:00:00Z');
const at = (iso: string) => (clock = new Date(iso));

// The default definition: claim within 30 min, first touch within 4 h, business hours Mon–Fri 09:00–17:00.
const app = useTestApp({
  env: { TZ, LEADLOOP_SALES: `${REP_A},${REP_B},${REP_C}`, LEADLOOP_ESCALATE_TO: MANAGERS },
  now: () => clock,
  timing: { serviceLevelsEvery: 100 },
  // The reps work in Berlin too: their working hours are the team's.
  beforeStart: (slack) => [REP_A, REP_B, REP_C].forEach((rep) => slack.userTimeZones.set(rep, TZ)),
});
const leads = leadSteps(app);

const threadReplies = (ts: string) => app().slack.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts);
const dmsTo = (userId: string, about: string) => app().slack.accepted('chat.postMessage').filter((c) => c.args.channel === userId && String(c.args.text).includes(about));
/** Runs a service-level check now, and waits until it and the notices it sent out are done. */
const severalChecks = async () => {
  await app().running.runServiceLevelsNow();
  await app().running.idle();
};
const events = async (id: string) => ((await leads.stored(id))!.history as any[]).map((h) => h.event);

describe('service levels', () => {
  it('reminds in the thread after the claim window, then assigns by round-robin and tells the managers', async () => {
    at('2026-11-16T09:00:00Z'); // Monday 10:00 in Berlin
    const lead = await leads.intake({ contact: { name: 'Unclaimed One', email: 'sla-1@example.com' } });

    at('2026-11-16T09:29:00Z');
    await severalChecks();
    expect(threadReplies(lead.ts!)).toHaveLength(0);

    at('2026-11-16T09:31:00Z');
    const reminder = await eventually(() => threadReplies(lead.ts!)[0], 5000, 'the reminder');
    expect(reminder.args).toMatchObject({ channel: LEADS_CHANNEL, text: expect.stringMatching(/^:alarm_clock: Nobody has claimed this lead within 30 min of business hours/) });
    await severalChecks();
    expect(threadReplies(lead.ts!)).toHaveLength(1); // once

    at('2026-11-16T10:02:00Z'); // a second window after the reminder
    const escalation = await eventually(() => threadReplies(lead.ts!)[1], 5000, 'the escalation');
    expect(escalation.args.text).toBe(`:rotating_light: Not claimed within 1 h of business hours: assigned to <@${REP_A}> by round-robin. <!subteam^${MANAGERS}>, for your information.`);
    const stored = (await leads.stored(lead.id))!;
    expect(stored.owner).toEqual({ userId: REP_A, claimedAt: clock });
    expect(stored.stage).toBe('sal');
    expect(await events(lead.id)).toEqual(['received', 'claim_reminder', 'escalated']);
    await eventually(() => JSON.stringify(app().slack.messages.get(`${LEADS_CHANNEL}/${lead.ts}`)?.blocks).includes(`<@${REP_A}>`), 5000, 'the message shows the owner');
    await severalChecks();
    expect(threadReplies(lead.ts!)).toHaveLength(2);
  });

  it('goes round the reps fairly, skipping reps who are away until they are back', async () => {
    await app().command(REP_B, 'away');
    at('2026-11-17T09:00:00Z');
    const two = await leads.intake({ contact: { name: 'Unclaimed Two', email: 'sla-2@example.com' } });
    const three = await leads.intake({ contact: { name: 'Unclaimed Three', email: 'sla-3@example.com' } });
    at('2026-11-17T09:31:00Z');
    await eventually(async () => (await events(three.id)).includes('claim_reminder') && (await events(two.id)).includes('claim_reminder'), 5000, 'reminders');
    at('2026-11-17T10:02:00Z');
    await eventually(async () => (await leads.stored(two.id))?.owner && (await leads.stored(three.id))?.owner, 5000, 'both assigned');
    const owners = [(await leads.stored(two.id))!.owner.userId, (await leads.stored(three.id))!.owner.userId].sort();
    // A had the last one; B is away: C first, then A again.
    expect(owners).toEqual([REP_A, REP_C].sort());

    await app().command(REP_B, 'back');
    at('2026-11-17T11:00:00Z');
    const four = await leads.intake({ contact: { name: 'Unclaimed Four', email: 'sla-4@example.com' } });
    at('2026-11-17T11:31:00Z');
    await eventually(async () => (await events(four.id)).includes('claim_reminder'), 5000, 'reminder');
    at('2026-11-17T12:02:00Z');
    await eventually(async () => (await leads.stored(four.id))?.owner?.userId === REP_B, 5000, 'B, back and longest without a lead');
  });

  it('counts business hours only: a lead at Friday 16:50 is reminded on Monday at 09:20', async () => {
    at('2026-11-20T15:50:00Z'); // Friday 16:50 in Berlin
    const lead = await leads.intake({ contact: { name: 'Friday Late', email: 'sla-friday@example.com' } });
    at('2026-11-21T12:00:00Z'); // Saturday
    await severalChecks();
    at('2026-11-23T08:19:00Z'); // Monday 09:19
    await severalChecks();
    expect(threadReplies(lead.ts!)).toHaveLength(0);
    at('2026-11-23T08:21:00Z');
    await eventually(() => threadReplies(lead.ts!)[0], 5000, 'the Monday reminder');
  });

  it('never nudges a lead claimed in time, and reminds an owner without a first touch by DM, once', async () => {
    at('2026-11-24T09:00:00Z'); // Tuesday 10:00
    const quick = await leads.intake({ contact: { name: 'Quick Claim', email: 'sla-quick@example.com' } });
    const touched = await leads.intake({ contact: { name: 'Touched', email: 'sla-touched@example.com' } });
    // A rep's own prospect: no claim window applies to it, the first-touch one does.
    const prospect = await leads.intake({ contact: { name: 'Own Prospect', email: 'sla-prospect@example.com' }, origin: 'sales', owner: REP_B });
    at('2026-11-24T09:10:00Z');
    await leads.claim(quick.id, quick.ts!, REP_C);
    await leads.claim(touched.id, touched.ts!, REP_C);
    await leads.step(touched.id, touched.ts!, REP_C, 'accept');
    at('2026-11-24T11:00:00Z');
    await leads.step(touched.id, touched.ts!, REP_C, 'contacted');
    at('2026-11-24T13:09:00Z'); // 3 h 59 min after the claim
    await severalChecks();
    expect(dmsTo(REP_C, 'Quick Claim')).toHaveLength(0);
    at('2026-11-24T13:11:00Z');
    const dm = await eventually(() => dmsTo(REP_C, 'Quick Claim')[0], 5000, 'the first-touch reminder');
    expect(dm.args.text).toMatch(/^:telephone_receiver: You took on Quick Claim · Northwind Freight 4 h 1 min ago, and no first contact is recorded yet/);
    await severalChecks();
    expect(dmsTo(REP_C, 'Quick Claim')).toHaveLength(1);
    expect(threadReplies(quick.ts!)).toHaveLength(0);
    expect(await events(touched.id)).not.toContain('first_touch_reminder');
    const reminded = await eventually(() => dmsTo(REP_B, 'Own Prospect')[0], 5000, 'the prospect’s first-touch reminder');
    expect(reminded.args.text).toMatch(/^:telephone_receiver: You took on Own Prospect/);
    expect(await events(prospect.id)).toEqual(['prospected', 'first_touch_reminder']);
  });

  it('shows every breach in the figures', async () => {
    const figures = (await leadStats({ start: new Date('2026-11-16T00:00:00Z'), end: new Date('2026-11-25T00:00:00Z'), label: '' })).figures;
    const all = await mongoose.connection.db!.collection('leads').find().toArray();
    const withEvent = (event: string) => all.filter((l) => l.history.some((h: any) => h.event === event)).length;
    // Five leads went unclaimed (all escalated), and escalated leads nobody contacted got first-touch reminders too.
    expect(withEvent('claim_reminder')).toBe(5);
    expect(withEvent('escalated')).toBe(5);
    expect(withEvent('first_touch_reminder')).toBeGreaterThanOrEqual(1);
    expect(figures.breaches).toEqual({
      claimReminders: 5,
      escalations: 5,
      firstTouchReminders: withEvent('first_touch_reminder'),
      total: 10 + withEvent('first_touch_reminder'),
    });
    expect(await mongoose.connection.db!.collection('reps').countDocuments({ lastAssignedAt: { $exists: true } })).toBe(3);
  });

  it('records what a CRM reported about an unclaimed lead as soon as escalation gives it to a rep', async () => {
    at('2026-11-30T09:00:00Z'); // Monday 10:00 in Berlin
    const lead = await leads.intake({ contact: { name: 'Crm Before Escalation', email: 'sla-crm@example.com' } });
    const early = await fetch(`${app().url}/api/leads/${lead.id}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}` },
      body: JSON.stringify({ stage: 'sql' }),
    });
    expect(early.status).toBe(202);
    at('2026-11-30T09:31:00Z');
    await eventually(() => threadReplies(lead.ts!)[0], 5000, 'the reminder');
    at('2026-11-30T10:02:00Z');
    await eventually(() => threadReplies(lead.ts!)[1], 5000, 'the escalation');
    await app().running.idle();
    const stored = (await leads.stored(lead.id))!;
    expect(stored.stage).toBe('sql');
    expect(await events(lead.id)).toEqual(['received', 'claim_reminder', 'escalated', 'meeting']);
    expect(stored.pendingSteps).toEqual([]);
  });
});
