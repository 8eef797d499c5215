import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { keyEarlierLeads } from '../../src/usecases/routing.js';
import { ACTION_CLAIM, ACTION_RELEASE } from '../../src/slack/blocks/leadMessage.js';
import { leadSteps } from '../support/leadSteps.js';
import { answer, buttonClick, modalSubmission } from '../support/slackRequests.js';
import { eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';
import { stepActionId } from '../../src/slack/blocks/leadMessage.js';

const [OWEN, RITA] = ['U0OWEN0001', 'U0RITA0001'];
const app = useTestApp({ env: { LEADLOOP_SALES: `${OWEN},${RITA}` } });
const leads = leadSteps(app);
const messageOf = (ts: string) => app().slack.messages.get(`${LEADS_CHANNEL}/${ts}`);
let n = 0;
const from = (company: Record<string, string>, email?: string) => ({ contact: { name: `Person ${++n}`, email: email ?? `person-${n}@mail-${n}.example` }, company: { size: '201-500', industry: 'Logistics', country: 'US', ...company } });

describe('the account’s owner first', () => {
  it('routes a new lead from a company a rep owns straight to them, says so on the message with the company’s history, and tells them', async () => {
    const first = await leads.intake(from({ name: 'Acme Rockets Inc.', domain: 'https://www.acme-rockets.example/' }));
    await leads.claim(first.id, first.ts!, OWEN);
    await leads.step(first.id, first.ts!, OWEN, 'accept');
    const won = await leads.intake(from({ name: 'ACME Rockets', domain: 'acme-rockets.example' }));
    // The second lead of the account already went to Owen; he wins it.
    expect((await leads.stored(won.id))!.owner?.userId).toBe(OWEN);
    await leads.step(won.id, won.ts!, OWEN, 'accept');
    const before = app().slack.views.length;
    await app().interact(buttonClick({ userId: OWEN, actionId: stepActionId('won'), value: won.id, channelId: LEADS_CHANNEL, messageTs: won.ts! }));
    const { view } = await eventually(() => app().slack.views[before], 5000, 'the won modal');
    await app().interact(modalSubmission({ userId: OWEN, view, values: { amount: answer.number('48000'), currency: answer.select('USD') } }));
    await eventually(async () => (await leads.stored(won.id))?.stage === 'won', 5000, 'won');

    const next = await leads.intake(from({ name: 'Acme Rockets GmbH', domain: 'acme-rockets.example' }));
    const stored = (await leads.stored(next.id))!;
    expect(stored.owner?.userId).toBe(OWEN);
    expect(stored.stage).toBe('sal');
    expect(stored.history.map((h: any) => [h.event, h.to, h.details?.assignee])).toEqual([
      ['received', 'mql', undefined],
      ['account_owner', 'sal', OWEN],
    ]);
    const text = JSON.stringify(messageOf(next.ts!)?.blocks);
    expect(text).toContain(`*Existing account:* 2 earlier leads, owner <@${OWEN}> · won 1 ($48,000.00) · 1 other open`);
    expect(text).toContain(`Routed to <@${OWEN}>, who owns this account`);
    const dm = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === OWEN && String(c.args.text).includes('Acme Rockets GmbH')), 5000, 'the owner told');
    expect(dm.args.text).toBe(`:office: A new lead from Acme Rockets GmbH, an account you own (2 earlier leads), is yours: it is in <#${LEADS_CHANNEL}>. Release it there if someone else should take it.`);
  });

  it('lets the owner release it to the queue, where another rep can claim it', async () => {
    const first = await leads.intake(from({ name: 'Globex', domain: 'globex.example' }));
    await leads.claim(first.id, first.ts!, RITA);
    const next = await leads.intake(from({ name: 'Globex Corporation', domain: 'globex.example' }));
    expect((await leads.stored(next.id))!.owner?.userId).toBe(RITA);
    await app().interact(buttonClick({ userId: RITA, actionId: ACTION_RELEASE, value: next.id, channelId: LEADS_CHANNEL, messageTs: next.ts! }));
    await eventually(async () => (await leads.stored(next.id))?.stage === 'mql', 5000, 'released');
    await app().interact(buttonClick({ userId: OWEN, actionId: ACTION_CLAIM, value: next.id, channelId: LEADS_CHANNEL, messageTs: next.ts! }));
    await eventually(async () => (await leads.stored(next.id))?.owner?.userId === OWEN, 5000, 'claimed by another rep');
  });

  it('never matches an account by a free email provider’s domain, and matches a lead without a domain by its company name', async () => {
    const gmail = await leads.intake({ contact: { name: 'Free One', email: 'free.one@gmail.com' }, company: { name: 'Solo Consulting', size: '1-10', industry: 'Logistics', country: 'US' }, qualification: { need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' } });
    await leads.claim(gmail.id, gmail.ts!, OWEN);
    const other = await leads.intake({ contact: { name: 'Free Two', email: 'free.two@gmail.com' }, company: { name: 'Another Shop', size: '1-10', industry: 'Logistics', country: 'US' }, qualification: { need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' } });
    const stored = (await leads.stored(other.id))!;
    expect(stored.owner).toBeNull();
    expect(stored.account).toBeUndefined();
    // Same company name, no domain: one account.
    const sameName = await leads.intake({ contact: { name: 'Free Three', email: 'free.three@outlook.com' }, company: { name: 'Solo Consulting LLC', size: '1-10', industry: 'Logistics', country: 'US' }, qualification: { need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' } });
    expect((await leads.stored(sameName.id))!.owner?.userId).toBe(OWEN);
  });

  it('counts leads stored before account matching existed, once they are keyed (as at start-up)', async () => {
    const { insertedId } = await mongoose.connection.db!.collection('leads').insertOne({
      contact: { name: 'Old Timer', email: 'old.timer@legacy-co.example', emailKey: 'old.timer@legacy-co.example' },
      company: { name: 'Legacy Co' },
      qualification: {},
      stage: 'opportunity',
      owner: { userId: RITA, claimedAt: new Date('2026-01-05T10:00:00Z') },
      verdict: { kind: 'accepted', at: new Date('2026-01-05T10:00:00Z'), by: RITA },
      firstTouchAt: null,
      outcome: null,
      rejectedBy: [],
      post: { status: 'posted', channelId: LEADS_CHANNEL, ts: '1767607200.000100', postedAt: new Date('2026-01-05T10:00:00Z') },
      receivedAt: new Date('2026-01-05T10:00:00Z'),
      history: [],
    });
    expect(await keyEarlierLeads()).toBeGreaterThanOrEqual(1);
    expect((await leads.stored(String(insertedId)))!.accountKeys).toEqual(['domain:legacy-co.example', 'dname:legacy']);
    const next = await leads.intake(from({ name: 'Legacy Co', domain: 'legacy-co.example' }));
    expect((await leads.stored(next.id))!.owner?.userId).toBe(RITA);
  });

  it('leaves a lead from a company nobody owns for claiming, with what is known of it', async () => {
    const lost = await leads.intake(from({ name: 'Initech', domain: 'initech.example' }));
    await leads.claim(lost.id, lost.ts!, RITA);
    await leads.reject(lost.id, lost.ts!, RITA, 'no_budget');
    const next = await leads.intake(from({ name: 'Initech', domain: 'initech.example' }));
    const stored = (await leads.stored(next.id))!;
    expect(stored.owner).toBeNull();
    expect(stored.account).toMatchObject({ leads: 1, won: 0, lost: 0, open: 0 });
    expect(JSON.stringify(messageOf(next.ts!)?.blocks)).toContain('*Existing account:* 1 earlier lead');
  });
});
