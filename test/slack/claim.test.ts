import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, ACTION_RELEASE } from '../../src/slack/blocks/leadMessage.js';
import { buttonClick } from '../support/slackRequests.js';
import { aLead, eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const app = useTestApp();

/** Sends a lead in and waits until Slack has its message; returns the lead id and message ts. */
async function postedLead(email: string) {
  const res = await app().postLead(aLead({ contact: { name: 'Dana Whitfield', email, title: 'VP Operations' } }));
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const post = await eventually(
    () => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id)),
    10_000,
    'the lead to be posted',
  );
  return { id, ts: post.response!.ts as string };
}

function buttonsIn(blocks: any[]): Array<{ action_id: string; value: string; text: string }> {
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .map((e: any) => ({ action_id: e.action_id, value: e.value, text: e.text.text }));
}

describe('when a qualified lead arrives', () => {
  it('is posted to the leads channel with a Claim button carrying its id and a plain-text fallback', async () => {
    const { id } = await postedLead('claim-post@example.com');
    const [call] = app().slack.accepted('chat.postMessage');
    expect(call!.args.channel).toBe(LEADS_CHANNEL);
    expect(call!.token).toBe('xoxb-test-token');
    expect(call!.args.text).toContain('Dana Whitfield');
    expect(call!.args.text).toContain('Northwind Freight');
    expect(buttonsIn(call!.args.blocks)).toEqual([{ action_id: ACTION_CLAIM, value: id, text: 'Claim' }]);
  });
});

describe('when a rep clicks Claim', () => {
  it('shows the claim on a message a rep clicked before Slack’s answer to the post reached Leadloop', async () => {
    // Slack shows the post to the channel before Leadloop hears back: a quick rep can claim in between.
    const held = app().slack.holdNextAnswer('chat.postMessage');
    const res = await app().postLead(aLead({ contact: { name: 'Quick Claim', email: 'quick-claim@example.com' } }));
    const { id } = (await res.json()) as { id: string };
    const post = await held.answered;
    const ts = post.response!.ts as string;
    expect((await app().interact(buttonClick({ userId: 'U0REP0001', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: ts }))).status).toBe(200);
    const leads = mongoose.connection.db!.collection('leads');
    await eventually(async () => (await leads.findOne({ _id: new mongoose.Types.ObjectId(id) }))?.owner?.userId === 'U0REP0001', 5000, 'the claim');
    held.release();

    const message = await eventually(() => {
      const shown = app().slack.messages.get(`${LEADS_CHANNEL}/${ts}`);
      return shown && JSON.stringify(shown.blocks).includes('Claimed by <@U0REP0001>') ? shown : undefined;
    }, 5000, 'the message to show the claim');
    expect(buttonsIn(message.blocks as any[]).map((b) => b.text)).toEqual(['Accept', 'Not a lead', 'Release']);
    expect(app().slack.accepted('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks).includes(id))).toHaveLength(1);
  });

  it('makes the rep the owner and updates the channel message in place', async () => {
    const { id, ts } = await postedLead('claim-one@example.com');
    const res = await app().interact(buttonClick({ userId: 'U0REP0001', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));
    expect(res.status).toBe(200);

    const update = await eventually(() => app().slack.accepted('chat.update')[0], 5000, 'chat.update');
    expect(update.args.channel).toBe(LEADS_CHANNEL);
    expect(update.args.ts).toBe(ts);
    const text = JSON.stringify(update.args.blocks);
    expect(text).toMatch(/Claimed by <@U0REP0001> · (under a minute|\d+ min) after posting/);
    expect(buttonsIn(update.args.blocks)).toEqual([
      { action_id: 'lead_step_accept', value: id, text: 'Accept' },
      { action_id: 'lead_step_reject', value: id, text: 'Not a lead' },
      { action_id: ACTION_RELEASE, value: id, text: 'Release' },
    ]);
    // Claimed, no verdict yet: not SAL, which means accepted.
    expect(update.args.text).toMatch(/ — claimed by <@U0REP0001>$/);
  });

  it('lets exactly one of 20 reps clicking at once win, and tells each of the others who has it', async () => {
    const { id, ts } = await postedLead('claim-race@example.com');
    const reps = Array.from({ length: 20 }, (_, i) => `U0RACE${String(i).padStart(4, '0')}`);
    const answers = await Promise.all(
      reps.map((userId) => app().interact(buttonClick({ userId, actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: ts }))),
    );
    expect(answers.map((r) => r.status)).toEqual(reps.map(() => 200));

    const ephemerals = await eventually(() => {
      const calls = app().slack.accepted('chat.postEphemeral');
      return calls.length >= 19 && calls;
    }, 10_000, '19 ephemeral notes');
    await eventually(() => app().slack.accepted('chat.update').length === 1, 5000, 'one chat.update');

    const winner = /Claimed by <@(U0RACE\d{4})>/.exec(JSON.stringify(app().slack.accepted('chat.update')[0]!.args.blocks))![1];
    expect(reps).toContain(winner);
    const told = ephemerals.map((c) => c.args.user).sort();
    expect(told).toEqual(reps.filter((r) => r !== winner).sort());
    for (const note of ephemerals) expect(note.args.text).toContain(`<@${winner}> already claimed this lead`);
    // Settle: no second update, no second owner.
    await app().running.idle();
    expect(app().slack.accepted('chat.update')).toHaveLength(1);
  });

  it('lets the owner release the lead so another rep can claim it', async () => {
    const { id, ts } = await postedLead('claim-release@example.com');
    const click = (userId: string, actionId: string) =>
      app().interact(buttonClick({ userId, actionId, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));

    await click('U0REPAAAA', ACTION_CLAIM);
    await eventually(() => app().slack.accepted('chat.update').length === 1, 5000, 'claim update');

    await click('U0REPBBBB', ACTION_RELEASE);
    const refusal = await eventually(() => app().slack.accepted('chat.postEphemeral')[0], 5000, 'refusal');
    expect(refusal.args.user).toBe('U0REPBBBB');
    expect(refusal.args.text).toContain('Only <@U0REPAAAA>');

    await click('U0REPAAAA', ACTION_RELEASE);
    const released = await eventually(() => app().slack.accepted('chat.update')[1], 5000, 'release update');
    expect(buttonsIn(released.args.blocks)).toEqual([{ action_id: ACTION_CLAIM, value: id, text: 'Claim' }]);
    expect(JSON.stringify(released.args.blocks)).not.toContain('Claimed by');

    await click('U0REPBBBB', ACTION_CLAIM);
    const reclaimed = await eventually(() => app().slack.accepted('chat.update')[2], 5000, 'second claim');
    expect(JSON.stringify(reclaimed.args.blocks)).toContain('Claimed by <@U0REPBBBB>');

    // Every step is in the lead's history, with who did it; the refused release is not.
    const stored = await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });
    expect(stored?.history.map((h: any) => [h.event, h.from, h.to, h.by.userId ?? h.by.kind])).toEqual([
      ['received', null, 'mql', 'api'],
      ['claimed', 'mql', 'sal', 'U0REPAAAA'],
      ['released', 'sal', 'mql', 'U0REPAAAA'],
      ['claimed', 'mql', 'sal', 'U0REPBBBB'],
    ]);
    expect(stored?.owner).toMatchObject({ userId: 'U0REPBBBB' });
  });

  it('ends with the message showing the latest state when claim, release and another claim follow each other while Slack is slow', async () => {
    const { id, ts } = await postedLead('claim-burst@example.com');
    const click = async (userId: string, actionId: string) =>
      expect((await app().interact(buttonClick({ userId, actionId, value: id, channelId: LEADS_CHANNEL, messageTs: ts }))).status).toBe(200);
    const owner = async () => (await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) }))?.owner?.userId ?? null;
    // The claim's update is still on its way to Slack while the next two changes happen.
    app().slack.failNext('chat.update', { delayMs: 300 });
    await click('U0REPCCCC', ACTION_CLAIM);
    await eventually(async () => (await owner()) === 'U0REPCCCC', 5000, 'claimed');
    await click('U0REPCCCC', ACTION_RELEASE);
    await eventually(async () => (await owner()) === null, 5000, 'released');
    await click('U0REPDDDD', ACTION_CLAIM);
    await eventually(async () => (await owner()) === 'U0REPDDDD', 5000, 'claimed again');

    await app().running.idle();
    const shown = JSON.stringify(app().slack.messages.get(`${LEADS_CHANNEL}/${ts}`)!.blocks);
    expect(shown).toContain('Claimed by <@U0REPDDDD>');
    expect(shown).not.toContain('U0REPCCCC');
  });

  it('tells the rep when the lead behind a button no longer exists', async () => {
    for (const value of ['6740a1b2c3d4e5f601234567', 'not-a-lead-id']) {
      app().slack.reset();
      const res = await app().interact(buttonClick({ userId: 'U0STALE01', actionId: ACTION_CLAIM, value, channelId: LEADS_CHANNEL, messageTs: '1.000001' }));
      expect(res.status).toBe(200);
      const note = await eventually(() => app().slack.accepted('chat.postEphemeral')[0], 5000, 'the note');
      expect(note.args).toMatchObject({ user: 'U0STALE01', text: 'This lead no longer exists in Leadloop.' });
    }
  });
});

describe('when a request does not come from Slack', () => {
  it('refuses a wrongly signed click and changes nothing', async () => {
    const { id, ts } = await postedLead('claim-forged@example.com');
    const payload = buttonClick({ userId: 'U0FORGER1', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: ts });
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const res = await fetch(`${app().url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=0000000000000000000000000000000000000000000000000000000000000000',
      },
      body,
    });
    expect(res.status).toBe(401);

    // A genuine click afterwards still finds the lead unclaimed.
    await app().interact(buttonClick({ userId: 'U0REALREP', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));
    const update = await eventually(() => app().slack.accepted('chat.update')[0], 5000, 'claim update');
    expect(JSON.stringify(update.args.blocks)).toContain('Claimed by <@U0REALREP>');
  });
});

describe('when Slack is slow to take the message update', () => {
  it('acknowledges the click first and does the slow work after', async () => {
    const { id, ts } = await postedLead('claim-slow@example.com');
    app().slack.failNext('chat.update', { delayMs: 1500 });
    const res = await app().interact(buttonClick({ userId: 'U0PATIENT', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));
    expect(res.status).toBe(200);
    // When the ack arrived, Slack had not yet answered the update (or not even received it).
    const update = app().slack.callsTo('chat.update')[0];
    expect(update?.response).toBeUndefined();
    const done = await eventually(() => app().slack.accepted('chat.update')[0], 5000, 'the update');
    expect(JSON.stringify(done.args.blocks)).toContain('Claimed by <@U0PATIENT>');
  });
});
