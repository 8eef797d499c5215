import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { slackFixture } from '../support/fixtures.js';
import { leadSteps } from '../support/leadSteps.js';
import { homeButtonClick, slackSignature } from '../support/slackRequests.js';
import { eventually, SIGNING_SECRET, useTestApp } from '../support/testApp.js';

const REP = 'U0REPA0001';
const OTHER_REP = 'U0REPB0001';
const MARKETER = 'U0MKTG0001';
const app = useTestApp({ env: { LEADLOOP_SALES: `${REP},${OTHER_REP}`, LEADLOOP_MARKETING: MARKETER, TZ: 'Europe/Berlin' } });
const leads = leadSteps(app);

/** Slack's app_home_opened event for this user, signed. */
async function openHome(userId: string) {
  const payload = slackFixture<any>('event_callback_app_home_opened.json');
  const body = JSON.stringify({ ...payload, event_id: `Ev${Date.now()}${userId}`, event: { ...payload.event, user: userId } });
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`${app().url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body) },
    body,
  });
  expect(res.status).toBe(200);
}
const homeOf = (userId: string) => JSON.stringify(app().slack.homes.get(userId)?.blocks ?? null);
const click = (userId: string, actionId: string, value: string) => app().interact(homeButtonClick({ userId, actionId, value }));

describe('App Home', () => {
  it('shows a rep leads to claim, then their own leads with what each needs next, and keeps up as they act', async () => {
    const { id } = await leads.intake({ contact: { name: 'Home Lead', email: 'home@example.com' } });
    await openHome(REP);
    await eventually(() => homeOf(REP).includes('Your open leads (0)'), 5000, 'the rep’s Home');
    const home = app().slack.homes.get(REP);
    const claim = home.blocks.find((b: any) => b.accessory?.action_id === ACTION_CLAIM);
    expect(claim.accessory.value).toBe(id);
    expect(claim.text.text).toMatch(/^\*Home Lead · Northwind Freight\* — MQL/);

    await click(REP, ACTION_CLAIM, id);
    await eventually(() => homeOf(REP).includes('Your open leads (1)'), 5000, 'Home after the claim');
    expect(homeOf(REP)).toContain('Needs your verdict: accept it, or say it is not a lead');
    const buttons = app().slack.homes.get(REP).blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => e.text.text));
    expect(buttons).toEqual(['Accept', 'Not a lead']);

    await click(REP, stepActionId('accept'), id);
    await eventually(() => homeOf(REP).includes('Needs a first touch'), 5000, 'Home after accepting');

    // A marketer cannot claim; another rep pressing a button on this lead from their Home is told why not, directly.
    const { id: other } = await leads.intake({ contact: { name: 'Second Home', email: 'home-2@example.com' } });
    await click(MARKETER, ACTION_CLAIM, other);
    const refusal = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === MARKETER), 5000, 'the claim refusal');
    expect(refusal.args.text).toBe('Only sales reps can claim leads; ask a Leadloop admin to add you to sales.');
    expect((await leads.stored(other))?.owner).toBeNull();
    await click(OTHER_REP, stepActionId('contacted'), id);
    const dm = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === OTHER_REP), 5000, 'the refusal');
    expect(dm.args.text).toContain(`<@${REP}>`);
  });

  it('shows a marketer this week’s figures and the latest nurture and rejected leads', async () => {
    await leads.intake({ contact: { name: 'Not Yet', email: 'not-yet@example.com' }, qualification: { need: 'none', budget: 'none', authority: 'unknown', timeline: 'later' } });
    await openHome(MARKETER);
    await eventually(() => homeOf(MARKETER).includes('Latest in nurture'), 5000, 'the marketer’s Home');
    const text = homeOf(MARKETER);
    expect(text).toMatch(/\*Leads in\*\\n\d+/);
    expect(text).toContain('*Not Yet · Northwind Freight* — NURTURE');
    expect(text).not.toContain('Your open leads');
  });

  it('leaves the Home of a rep who never opened it alone, and keeps an opened Home current after a burst of clicks', async () => {
    const created: Array<{ id: string; ts: string | null }> = [];
    for (let i = 0; i < 6; i++) created.push(await leads.intake({ contact: { name: `Burst ${i}`, email: `burst-${i}@example.com` } }));
    // The other rep never opened their Home: claiming publishes nothing for them.
    await leads.claim(created[0]!.id, created[0]!.ts!, OTHER_REP);
    await app().running.homesIdle();
    expect(app().slack.callsTo('views.publish').filter((c) => c.args.user_id === OTHER_REP)).toEqual([]);

    await openHome(REP);
    await eventually(() => homeOf(REP).includes('Your open leads'), 5000, 'the rep’s Home');
    // Five claims at once: each is acknowledged, and the Home ends showing all five, whatever order the redraws ran in.
    const clicks = await Promise.all(created.slice(1).map((lead) => click(REP, ACTION_CLAIM, lead.id)));
    expect(clicks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await eventually(async () => {
      for (const lead of created.slice(1)) if ((await leads.stored(lead.id))?.owner?.userId !== REP) return false;
      return true;
    }, 5000, 'the claims');
    const open = await mongoose.connection.db!.collection('leads').countDocuments({ 'owner.userId': REP, stage: { $in: ['sal', 'sql', 'opportunity'] } });
    await eventually(() => homeOf(REP).includes(`Your open leads (${open})`), 5000, 'the Home after the burst');
    await app().running.homesIdle();
    const rows = app().slack.homes.get(REP).blocks.filter((b: any) => b.text?.text?.startsWith('*Burst'));
    expect(rows.map((b: any) => b.text.text.match(/Burst \d/)![0]).sort()).toEqual(['Burst 1', 'Burst 2', 'Burst 3', 'Burst 4', 'Burst 5']);
    // None of them is offered for claiming any more.
    expect(rows.filter((b: any) => b.accessory?.action_id === ACTION_CLAIM)).toEqual([]);
    // Coalesced: never more redraws than changes.
    expect(app().slack.callsTo('views.publish').filter((c) => c.args.user_id === REP).length).toBeLessThanOrEqual(1 + 5);
  });

  it('tells someone without a role to ask an admin', async () => {
    await openHome('U0STRANGER');
    await eventually(() => homeOf('U0STRANGER').includes('You do not have a Leadloop role yet'), 5000, 'the Home');
  });
});
