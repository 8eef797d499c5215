import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { answer, buttonClick, modalSubmission } from '../support/slackRequests.js';
import { aLead, eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const DIGEST = 'C0DIGEST001';
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST } });
const OWNER = 'U0OWNER01';

const stored = (id: string) => mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });
const messageOf = (id: string) => [...app().slack.messages.values()].find((m) => JSON.stringify(m.blocks).includes(id))!;
const buttonsOf = (id: string) =>
  (messageOf(id).blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.text.text));

/** A posted lead claimed by OWNER; returns its id and message ts. */
async function claimedLead(email: string) {
  const res = await app().postLead(aLead({ contact: { name: 'Life Cycle', email } }));
  const { id } = (await res.json()) as { id: string };
  const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id)), 5000, 'the post');
  const ts = post.response!.ts as string;
  await click(id, ts, OWNER, ACTION_CLAIM);
  await eventually(async () => (await stored(id))?.stage === 'sal', 5000, 'the claim');
  await eventually(() => JSON.stringify(messageOf(id).blocks).includes('Claimed by'), 5000, 'the claimed message');
  return { id, ts };
}

function click(id: string, ts: string, userId: string, actionId: string) {
  return app().interact(buttonClick({ userId, actionId, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));
}

/** Clicks a step and waits until the lead's history has `count` entries. */
async function step(id: string, ts: string, actionId: string, count: number) {
  await click(id, ts, OWNER, actionId);
  await eventually(async () => (await stored(id))?.history.length === count, 5000, `${actionId} recorded`);
}

/** Clicks a button that opens a modal and returns the view the app opened. */
async function openModal(id: string, ts: string, userId: string, actionId: string) {
  const before = app().slack.views.length;
  await click(id, ts, userId, actionId);
  return (await eventually(() => app().slack.views[before], 5000, 'views.open')).view;
}

describe('a lead’s whole life through the buttons', () => {
  it('goes claim → accept → contacted → meeting → opportunity → won, recorded step by step', async () => {
    const { id, ts } = await claimedLead('whole-life@example.com');
    expect(buttonsOf(id)).toEqual(['Accept', 'Not a lead', 'Release']);

    await step(id, ts, stepActionId('accept'), 3);
    await eventually(() => JSON.stringify(messageOf(id).blocks).includes('Accepted by'), 5000, 'accepted message');
    expect(buttonsOf(id)).toEqual(['Contacted', 'Meeting booked', 'Opportunity', 'Won', 'Lost', 'Qualify']);

    await step(id, ts, stepActionId('contacted'), 4);
    // Meeting booked asks what the rep found out; confirming the lead's answers records them and the meeting.
    const meeting = await openModal(id, ts, OWNER, stepActionId('meeting'));
    expect(meeting.callback_id).toBe('lead_qualify_modal');
    const confirmed = Object.fromEntries(meeting.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, answer.select(b.element.initial_option.value)]));
    await app().interact(modalSubmission({ userId: OWNER, view: meeting, values: confirmed }));
    await eventually(async () => (await stored(id))?.history.length === 6, 5000, 'findings and meeting recorded');
    await step(id, ts, stepActionId('opportunity'), 7);
    await eventually(() => JSON.stringify(buttonsOf(id)) === JSON.stringify(['Won', 'Lost', 'Qualify again']), 5000, 'won/lost buttons');

    const view = await openModal(id, ts, OWNER, stepActionId('won'));
    expect(view.callback_id).toBe('lead_won_modal');
    expect(view.blocks.map((b: any) => b.block_id).filter(Boolean)).toEqual(['amount', 'currency']);
    const res = await app().interact(
      modalSubmission({ userId: OWNER, view, values: { amount: answer.number('12500.50'), currency: answer.select('EUR') } }),
    );
    expect(res.status).toBe(200);
    await eventually(async () => (await stored(id))?.stage === 'won', 5000, 'won');

    const lead = (await stored(id))!;
    expect(lead.history.map((h: any) => [h.event, h.from, h.to, h.by.userId ?? h.by.kind])).toEqual([
      ['received', null, 'mql', 'api'],
      ['claimed', 'mql', 'sal', OWNER],
      ['accept', 'sal', 'sal', OWNER],
      ['contacted', 'sal', 'sal', OWNER],
      ['findings', 'sal', 'sal', OWNER],
      ['meeting', 'sal', 'sql', OWNER],
      ['opportunity', 'sql', 'opportunity', OWNER],
      ['won', 'opportunity', 'won', OWNER],
    ]);
    expect(lead.history.at(-1).details).toEqual({ amount: 12500.5, currency: 'EUR' });
    expect(lead.outcome).toEqual({ kind: 'won', amount: 12500.5, currency: 'EUR' });
    expect(lead.firstTouchAt).toEqual(lead.history[3].at);
    await eventually(() => JSON.stringify(messageOf(id).blocks).includes('Won: *€12,500.50*'), 5000, 'won message');
    expect(buttonsOf(id)).toEqual([]);
  });
});

describe('when the rep says “not a lead”', () => {
  it('asks for a reason, records the rejection, tells marketing, and never gives the lead back to that rep', async () => {
    const { id, ts } = await claimedLead('not-a-lead@example.com');
    const view = await openModal(id, ts, OWNER, stepActionId('reject'));
    expect(view.callback_id).toBe('lead_reject_modal');
    const reasons = view.blocks.find((b: any) => b.block_id === 'reason').element.options.map((o: any) => o.value);
    expect(reasons).toContain('no_budget');

    // Submitting without a reason keeps the modal open with the error on the field.
    const missing = await app().interact(modalSubmission({ userId: OWNER, view, values: { reason: { value: { type: 'static_select', selected_option: null } } } }));
    expect(await missing.json()).toEqual({ response_action: 'errors', errors: { reason: expect.stringContaining('Pick a reason') } });
    expect((await stored(id))?.stage).toBe('sal');

    await app().interact(modalSubmission({ userId: OWNER, view, values: { reason: answer.select('no_budget'), note: answer.text('Student project, no money') } }));
    await eventually(async () => (await stored(id))?.stage === 'rejected', 5000, 'rejected');
    const lead = (await stored(id))!;
    expect(lead.verdict).toMatchObject({ kind: 'rejected', by: OWNER, reason: 'no_budget', reasonLabel: 'No budget', note: 'Student project, no money' });
    expect(lead.rejectedBy).toEqual([OWNER]);

    const report = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === DIGEST), 5000, 'the report to marketing');
    expect(report.args.text).toContain('Not a lead: Life Cycle · Northwind Freight — No budget');
    expect(JSON.stringify(report.args.blocks)).toContain('Student project, no money');

    // Marketing re-qualifies it (the /leads screen for that comes with the
    // marketers' commands); the rep who rejected it cannot claim it, another can.
    const { requalifyLead } = await import('../../src/usecases/requalifyLead.js');
    expect(await requalifyLead(id, { kind: 'user', userId: 'U0MARKETER' }, new Date())).toMatchObject({ kind: 'requalified', lead: { stage: 'mql', owner: null } });
    app().slack.reset();
    await click(id, ts, OWNER, ACTION_CLAIM);
    const note = await eventually(() => app().slack.accepted('chat.postEphemeral')[0], 5000, 'the refusal');
    expect(note.args.text).toBe('You said this lead was not a lead, so it will not be given to you again.');
    expect((await stored(id))?.owner).toBeNull();
    await click(id, ts, 'U0OTHERREP', ACTION_CLAIM);
    await eventually(async () => (await stored(id))?.owner?.userId === 'U0OTHERREP', 5000, 'claimed by another rep');
  });
});

describe('refusals', () => {
  it('answers anyone but the owner privately and changes nothing', async () => {
    const { id, ts } = await claimedLead('not-yours@example.com');
    app().slack.reset();
    await click(id, ts, 'U0INTRUDER', stepActionId('accept'));
    const note = await eventually(() => app().slack.accepted('chat.postEphemeral')[0], 5000, 'the refusal');
    expect(note.args).toMatchObject({ user: 'U0INTRUDER', text: `Only <@${OWNER}>, who owns this lead (or a Leadloop admin), can do that.` });
    await click(id, ts, 'U0INTRUDER', stepActionId('won'));
    await eventually(() => app().slack.accepted('chat.postEphemeral').length === 2, 5000, 'second refusal');
    expect(app().slack.views).toHaveLength(0);
    expect((await stored(id))?.history).toHaveLength(2);
  });

  it('refuses Won before the verdict (a stale button) without opening the modal', async () => {
    const { id, ts } = await claimedLead('too-early@example.com');
    app().slack.reset();
    await click(id, ts, OWNER, stepActionId('won'));
    const note = await eventually(() => app().slack.accepted('chat.postEphemeral')[0], 5000, 'the refusal');
    expect(note.args.text).toBe('Accept the lead (or say it is not a lead) first.');
    expect(app().slack.views).toHaveLength(0);
  });

  it('records a double-clicked Accept once and tells the second click it is already done', async () => {
    const { id, ts } = await claimedLead('double@example.com');
    app().slack.reset();
    await Promise.all([click(id, ts, OWNER, stepActionId('accept')), click(id, ts, OWNER, stepActionId('accept'))]);
    const note = await eventually(() => app().slack.accepted('chat.postEphemeral')[0], 5000, 'the second click’s answer');
    expect(note.args.text).toBe('You already gave your verdict: accepted.');
    const lead = (await stored(id))!;
    expect(lead.history.filter((h: any) => h.event === 'accept')).toHaveLength(1);
  });

  it('refuses a modal submission whose step no longer makes sense (submitted twice)', async () => {
    const { id, ts } = await claimedLead('lost-twice@example.com');
    await step(id, ts, stepActionId('accept'), 3);
    const view = await openModal(id, ts, OWNER, stepActionId('lost'));
    const submit = () => app().interact(modalSubmission({ userId: OWNER, view, values: { reason: answer.select('price') } }));
    await submit();
    await eventually(async () => (await stored(id))?.stage === 'lost', 5000, 'lost');
    app().slack.reset();
    await submit();
    const note = await eventually(() => app().slack.accepted('chat.postEphemeral')[0], 5000, 'the refusal');
    expect(note.args.text).toBe('This lead is already lost.');
    expect((await stored(id))?.history.filter((h: any) => h.event === 'lost')).toHaveLength(1);
  });
});
