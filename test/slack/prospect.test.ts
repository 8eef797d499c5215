import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { allInputs, answer, buttonClick, modalSubmission } from '../support/slackRequests.js';
import { aLead, eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

/**
 * A rep's own prospect, the way a rep and a form integration enter it: the
 * rep records it in Slack and works it to won from their direct messages;
 * the reports show it as sales-sourced beside marketing's leads.
 */
const REP = 'U0REPA0001';
const OTHER_REP = 'U0REPB0001';
const MARKETER = 'U0MKTG0001';
const app = useTestApp({ env: { LEADLOOP_SALES: `${REP},${OTHER_REP}`, LEADLOOP_MARKETING: MARKETER } });

const leads = () => mongoose.connection.db!.collection('leads');
const stored = (email: string) => leads().findOne({ 'contact.emailKey': email });
const buttonsIn = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.text.text));

async function openNewLeadModal(userId: string) {
  const before = app().slack.views.length;
  const res = await app().command(userId, 'new');
  expect(res.status).toBe(200);
  return (await eventually(() => app().slack.views[before], 5000, 'the modal')).view;
}

/** What Slack sends on submit: every input, the unanswered ones empty. */
function submit(view: any, answers: Record<string, Record<string, unknown>>, userId: string) {
  return app().interact(modalSubmission({ userId, view, values: allInputs(view, answers) }));
}

function click(id: string, channelId: string, ts: string, userId: string, actionId: string) {
  return app().interact(buttonClick({ userId, actionId, value: id, channelId, messageTs: ts }));
}

async function statsText(text: string): Promise<string> {
  const res = await app().command(MARKETER, `stats ${text}`.trim());
  const body = (await res.json()) as { text: string; blocks?: unknown[] };
  return `${body.text}\n${JSON.stringify(body.blocks ?? [])}`;
}

describe('a rep’s own prospect', () => {
  it('is entered by the rep in Slack, is theirs at once in their DMs, and is worked to won', async () => {
    const view = await openNewLeadModal(REP);
    const res = await submit(
      view,
      {
        'contact.name': answer.text('Pia Prospect'),
        'contact.email': answer.text('pia@prospect.example'),
        'company.name': answer.text('Prospect GmbH'),
        source: answer.text('cold call'),
        'qualification.need': answer.select('clear'),
        'qualification.timeline': answer.select('later'),
      },
      REP,
    );
    expect(res.status).toBe(200);
    const lead = await eventually(() => stored('pia@prospect.example'), 5000, 'the prospect');
    const id = String(lead._id);
    expect(lead).toMatchObject({ origin: 'sales', stage: 'sal', owner: { userId: REP }, verdict: { kind: 'prospected', by: REP }, source: 'cold call' });
    expect(lead.history).toEqual([expect.objectContaining({ from: null, to: 'sal', event: 'prospected', by: { kind: 'user', userId: REP }, details: { assignee: REP } })]);
    // Judged by the definition like any lead; the rep hears the score and what is missing.
    expect(lead.judgement.qualified).toBe(false);
    const receipt = await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === REP), 5000, 'the receipt');
    expect(receipt.args.text).toMatch(/^Added Pia Prospect · Prospect GmbH as your own prospect \(score \d+ of 50 needed\); below the definition: .+\. It is yours \(not offered for claiming\)/);

    // Posted to the rep, not to the leads channel, with the rep's next steps and nothing to claim or accept.
    const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks ?? []).includes(id)), 5000, 'the post');
    expect(post.args.channel).not.toBe(LEADS_CHANNEL);
    expect(app().slack.accepted('conversations.open').map((c) => c.args.users)).toContain(REP);
    expect(post.args.channel).toBe(app().slack.accepted('conversations.open').find((c) => c.args.users === REP)!.response!.channel.id);
    expect(buttonsIn(post.args.blocks)).toEqual(['Contacted', 'Meeting booked', 'Opportunity', 'Won', 'Lost', 'Qualify']);
    expect(JSON.stringify(post.args.blocks)).toContain(`Prospected by <@${REP}>`);
    const dm = post.args.channel as string;
    const ts = post.response!.ts as string;

    // Nobody can claim it, and the rep has nothing to accept.
    await click(id, dm, ts, OTHER_REP, ACTION_CLAIM);
    await click(id, dm, ts, REP, stepActionId('accept'));
    expect((await stored('pia@prospect.example'))!.owner.userId).toBe(REP);

    const stepTo = async (step: 'contacted' | 'opportunity', stage: string, count: number) => {
      await click(id, dm, ts, REP, stepActionId(step));
      await eventually(async () => (await stored('pia@prospect.example'))?.history.length === count, 5000, `${step} recorded`);
      expect((await stored('pia@prospect.example'))!.stage).toBe(stage);
    };
    await stepTo('contacted', 'sal', 2);
    // Meeting booked asks for the rep's findings: the timeline was later than it came in as.
    const opened = app().slack.views.length;
    await click(id, dm, ts, REP, stepActionId('meeting'));
    const meeting = (await eventually(() => app().slack.views[opened], 5000, 'the meeting form')).view;
    await app().interact(modalSubmission({ userId: REP, view: meeting, values: allInputs(meeting, {
      'qualification.need': answer.select('clear'), 'qualification.budget': answer.select('planned'), 'qualification.authority': answer.select('influencer'), 'qualification.timeline': answer.select('this_quarter'),
    }) }));
    await eventually(async () => (await stored('pia@prospect.example'))?.stage === 'sql', 5000, 'the meeting');
    await stepTo('opportunity', 'opportunity', 5);
    const before = app().slack.views.length;
    await click(id, dm, ts, REP, stepActionId('won'));
    const wonView = (await eventually(() => app().slack.views[before], 5000, 'the won modal')).view;
    await app().interact(modalSubmission({ userId: REP, view: wonView, values: { amount: answer.number('30000'), currency: answer.select('EUR') } }));
    const won = await eventually(async () => ((await stored('pia@prospect.example'))?.stage === 'won' ? stored('pia@prospect.example') : null), 5000, 'won');
    expect(won!.history.map((h: any) => h.event)).toEqual(['prospected', 'contacted', 'findings', 'meeting', 'opportunity', 'won']);
    expect(won!.outcome).toEqual({ kind: 'won', amount: 30000, currency: 'EUR' });
    // The message in the rep's DM follows the lead.
    await eventually(() => app().slack.accepted('chat.update').some((c) => c.args.channel === dm && c.args.ts === ts && JSON.stringify(c.args.blocks).includes(':trophy: Won: *€30,000.00*')), 5000, 'the updated message');

    // Marketing's lead of the same week, claimed and accepted by the other rep, for the split.
    const res2 = await app().postLead(aLead({ contact: { name: 'Mo Marketing', email: 'mo@marketing.example' } }));
    const { id: mktId } = (await res2.json()) as { id: string };
    const mktPost = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks ?? []).includes(mktId)), 5000, 'the marketing post');
    expect(mktPost.args.channel).toBe(LEADS_CHANNEL);
    await click(mktId, LEADS_CHANNEL, mktPost.response!.ts, OTHER_REP, ACTION_CLAIM);
    await eventually(async () => (await leads().findOne({ _id: new mongoose.Types.ObjectId(mktId) }))?.stage === 'sal', 5000, 'the claim');
    await click(mktId, LEADS_CHANNEL, mktPost.response!.ts, OTHER_REP, stepActionId('accept'));
    await eventually(async () => (await leads().findOne({ _id: new mongoose.Types.ObjectId(mktId) }))?.verdict?.kind === 'accepted', 5000, 'the accept');

    // Reports: side by side; acceptance counts marketing's lead only; origin: filters.
    const all = await statsText('');
    expect(all).toMatch(/2 leads in \(1 sales-sourced\), 1 to sales, 1 claimed, 100% accepted, 1 won/);
    expect(all).toContain('Marketing-sourced vs sales-sourced');
    expect(all).toMatch(/Sales-sourced \(reps’ own prospects\)\\n {6}in 1 · SQL 1 · opportunity 1 · won 1 · revenue €30,000 \(100% of won revenue\)/);
    expect(all).toMatch(/Marketing-sourced\\n {6}in 1 · SQL 0 · opportunity 0 · won 0/);
    expect(await statsText('origin:sales')).toMatch(/1 sales-sourced leads in, 1 SQL, 1 opportunities, 1 won/);
    expect(await statsText('origin:marketing')).toMatch(/1 leads in, 1 to sales, 1 claimed, 100% accepted, 0 won/);
    expect(await statsText('origin:partners')).toMatch(/^`origin:` is `marketing`/);
  });

  it('comes from the API with its owner; without one, or with an owner outside sales, it is refused on the field', async () => {
    const ok = await app().postLead(aLead({ contact: { name: 'Api Prospect', email: 'api@prospect.example' }, origin: 'sales', owner: REP }));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ stage: 'sal', origin: 'sales', owner: REP, merged: false });
    expect(await stored('api@prospect.example')).toMatchObject({ origin: 'sales', owner: { userId: REP }, history: [{ event: 'prospected', by: { kind: 'api' }, details: { assignee: REP } }] });

    for (const [body, field, message] of [
      [{ origin: 'sales' }, 'owner', /required when origin is sales/],
      [{ origin: 'sales', owner: MARKETER }, 'owner', /U0MKTG0001 is not in sales/],
      [{ origin: 'sales', owner: 'anna' }, 'owner', /Slack user id/],
      [{ owner: REP }, 'owner', /only for a lead with origin sales/],
      [{ origin: 'partner' }, 'origin', /must be one of: marketing, sales/],
    ] as const) {
      const res = await app().postLead(aLead({ contact: { email: 'refused@prospect.example' }, ...body }));
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { fields: Array<{ field: string; message: string }> };
      expect(problem.fields).toEqual([expect.objectContaining({ field, message: expect.stringMatching(message) })]);
    }
    expect(await stored('refused@prospect.example')).toBeNull();
  });

  it('merges into a person who is already there and tells the rep who owns them', async () => {
    const res = await app().postLead(aLead({ contact: { name: 'Known Person', email: 'known@prospect.example' } }));
    const { id } = (await res.json()) as { id: string };
    const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks ?? []).includes(id)), 5000, 'the post');
    await click(id, LEADS_CHANNEL, post.response!.ts, OTHER_REP, ACTION_CLAIM);
    await eventually(async () => (await stored('known@prospect.example'))?.owner?.userId === OTHER_REP, 5000, 'the claim');

    const view = await openNewLeadModal(REP);
    await submit(view, { 'contact.email': answer.text('known@prospect.example'), 'contact.phone': answer.text('+49 30 1234567') }, REP);
    const receipt = await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === REP && /already there/.test(c.args.text)), 5000, 'the receipt');
    expect(receipt.args.text).toContain(`<@${OTHER_REP}> owns it`);
    expect(await leads().countDocuments({ 'contact.emailKey': 'known@prospect.example' })).toBe(1);
    expect(await stored('known@prospect.example')).toMatchObject({ origin: 'marketing', owner: { userId: OTHER_REP }, contact: { phone: '+49 30 1234567' } });
  });
});
