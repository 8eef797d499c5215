import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION_LIST_PAGE, ACTION_OPEN_LEAD } from '../../src/slack/blocks/leadList.js';
import { leadDocument, type LeadPlan } from '../support/leadHistories.js';
import { buttonClick } from '../support/slackRequests.js';
import { eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const REP = 'U0REPA0001';
const MARKETER = 'U0MKTG0001';
const now = new Date('2026-11-20T12:00:00Z');
const app = useTestApp({ env: { LEADLOOP_SALES: REP, LEADLOOP_MARKETING: MARKETER }, now: () => now });

const daysAgo = (n: number) => new Date(now.getTime() - n * 24 * 3_600_000);
const plan = (p: Partial<LeadPlan> & { receivedAt: Date }): LeadPlan => ({ qualifies: true, reminded: false, firstTouchReminded: false, ...p });
type Answer = { text: string; blocks?: any[] };

beforeAll(async () => {
  const docs = [
    // 12 waiting to be claimed, from "ads"; the oldest first in the list.
    ...Array.from({ length: 12 }, (_, i) => leadDocument(plan({ receivedAt: daysAgo(12 - i), source: 'ads' }), i)),
    // The rep's: one active today, one quiet for 9 days.
    leadDocument(plan({ receivedAt: daysAgo(1), claim: { afterMin: 10, by: REP, escalated: false }, verdict: { kind: 'accept' }, source: 'web' }), 100),
    leadDocument(plan({ receivedAt: daysAgo(9), claim: { afterMin: 10, by: REP, escalated: false }, verdict: { kind: 'accept' }, source: 'web' }), 101),
    leadDocument(plan({ receivedAt: daysAgo(2), qualifies: false, source: 'web' }), 102),
    leadDocument(plan({ receivedAt: daysAgo(3), claim: { afterMin: 10, by: REP, escalated: false }, verdict: { kind: 'reject', reason: 'no_budget' } }), 103),
  ];
  // Leadloop nudged the quiet one yesterday (no first touch): a reminder is not a step, it stays stale.
  (docs[13]!.history as unknown[]).push({ at: daysAgo(1), by: { kind: 'system' }, from: 'sal', to: 'sal', event: 'first_touch_reminder' });
  docs[13]!.serviceLevel = { firstTouchRemindedAt: daysAgo(1) };
  docs[12]!.contact = { name: '<!channel> Dana', email: 'dana@example.com', emailKey: 'dana@example.com' };
  docs[12]!.company = { name: 'Northwind' };
  await mongoose.connection.db!.collection('leads').insertMany(docs);
});

async function leads(userId: string, text: string): Promise<Answer> {
  const res = await app().command(userId, text);
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}
const rows = (a: Answer) => (a.blocks ?? []).filter((b: any) => b.accessory?.action_id === ACTION_OPEN_LEAD);

describe('/leads list', () => {
  it('lists unclaimed leads oldest first, ten at a time, with a button for the next page', async () => {
    const first = await leads(MARKETER, 'list');
    expect(first.blocks![0].text.text).toBe('*Waiting to be claimed*');
    expect(rows(first)).toHaveLength(10);
    expect(rows(first)[0].text.text).toMatch(/^\*Lead 0 · Company 0\* — MQL · ads · in 12 d ago$/);
    const next = first.blocks!.at(-1).elements[0];
    expect(next.action_id).toBe(ACTION_LIST_PAGE);

    const responseUrl = app().slack.responseUrl('page-2');
    await app().interact(buttonClick({ userId: MARKETER, actionId: ACTION_LIST_PAGE, value: next.value, channelId: LEADS_CHANNEL, messageTs: '1.000001', responseUrl }));
    const page2 = await eventually(() => app().slack.callsTo('response_url').find((c) => c.args.id === 'page-2'), 5000, 'page 2');
    expect(page2.args.replace_original).toBe(true);
    expect(page2.args.blocks[0].text.text).toBe('*Waiting to be claimed · page 2*');
    expect(page2.args.blocks.filter((b: any) => b.accessory).map((b: any) => b.text.text.split(' —')[0])).toEqual(['*Lead 10 · Company 10*', '*Lead 11 · Company 11*']);
    expect(page2.args.blocks.some((b: any) => b.type === 'actions')).toBe(false);
  });

  it('lists mine, stale, nurture and rejected, filtered by source, and escapes lead data', async () => {
    const mine = await leads(REP, 'list mine');
    expect(rows(mine).map((r: any) => r.text.text)).toEqual([
      `*Lead 101 · Company 101* — SAL · <@${REP}> · web · in 9 d ago`,
      `*&lt;!channel&gt; Dana · Northwind* — SAL · <@${REP}> · web · in 1 d ago`,
    ]);
    expect(rows(await leads(REP, 'list stale')).map((r: any) => r.text.text.split(' —')[0])).toEqual(['*Lead 101 · Company 101*']);
    expect(rows(await leads(MARKETER, 'list nurture source:web')).map((r: any) => r.text.text.split(' —')[0])).toEqual(['*Lead 102 · Company 102*']);
    expect(rows(await leads(MARKETER, 'list nurture source:ads'))).toHaveLength(0);
    expect((await leads(MARKETER, 'list rejected')).blocks![1].text.text).toMatch(/^\*Lead 103 · Company 103\* — REJECTED/);
  });

  it('answers a list it does not know with the usage', async () => {
    expect((await leads(MARKETER, 'list everything')).text).toBe(
      'I can list unclaimed, mine, stale, nurture, rejected. Usage: `/leads list [unclaimed | mine | stale | nurture | rejected] [source:<s>]` (unclaimed if left out).',
    );
  });

  it('is for people with a Leadloop role', async () => {
    expect((await leads('U0STRANGER', 'list')).text).toBe('You need a Leadloop role to see leads; ask an admin.');
  });
});

describe('/leads find', () => {
  it('finds by email in any case, or by name or company, and opens a lead with its history', async () => {
    expect(rows(await leads(MARKETER, 'find DANA@example.com'))).toHaveLength(1);
    const byCompany = await leads(MARKETER, 'find northw');
    expect(rows(byCompany)).toHaveLength(1);
    const id = rows(byCompany)[0].accessory.value;

    await app().interact(buttonClick({ userId: MARKETER, actionId: ACTION_OPEN_LEAD, value: id, channelId: LEADS_CHANNEL, messageTs: '1.000001' }));
    const { view } = await eventually(() => app().slack.views.at(-1), 5000, 'the lead modal');
    const all = JSON.stringify(view.blocks);
    expect(all).toContain('&lt;!channel&gt; Dana');
    expect(all).toContain('*History*');
    expect(all).toMatch(new RegExp(`claimed by <@${REP}> \\(MQL → CLAIMED\\)`));
    expect(all).toContain('Posted in <#C0LEADS0001>');
  });

  it('says when nothing matches, and what to type', async () => {
    // Whatever accents the name or the search has.
    const lopez = leadDocument(plan({ receivedAt: daysAgo(1), source: 'web' }), 200);
    lopez.contact = { name: 'Ana López', email: 'ana.lopez@example.com', emailKey: 'ana.lopez@example.com' };
    await mongoose.connection.db!.collection('leads').insertOne(lopez);
    expect(JSON.stringify(rows(await leads(MARKETER, 'find lopez')))).toContain('Ana López');
    expect(JSON.stringify(rows(await leads(MARKETER, 'find LÓPEZ')))).toContain('Ana López');
    expect((await leads(MARKETER, 'find nobody-at-all')).blocks![1].text.text).toBe('No lead matches “nobody-at-all”. Usage: `/leads find &lt;email | company | name&gt;`');
    expect((await leads(MARKETER, 'find')).text).toBe('Usage: `/leads find <email | company | name>`');
  });
});
