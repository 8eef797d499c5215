import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { allInputs, answer, modalSubmission } from '../support/slackRequests.js';
import { eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const MARKETER = 'U0MKTG0001';
const REP = 'U0REPA0001';
const app = useTestApp({ env: { LEADLOOP_MARKETING: MARKETER, LEADLOOP_SALES: REP } });

async function openNewLeadModal(userId = MARKETER) {
  const res = await app().command(userId, 'new');
  expect(res.status).toBe(200);
  return (await eventually(() => app().slack.views.at(-1), 5000, 'the modal')).view;
}

/** What Slack sends on submit: every input, the unanswered ones empty. */
function submit(view: any, answers: Record<string, Record<string, unknown>>, userId = MARKETER) {
  return app().interact(modalSubmission({ userId, view, values: allInputs(view, answers) }));
}

const qualifying = {
  'qualification.need': answer.select('clear'),
  'qualification.budget': answer.select('approved'),
  'qualification.authority': answer.select('decision_maker'),
  'qualification.timeline': answer.select('this_quarter'),
};
const stored = (email: string) => mongoose.connection.db!.collection('leads').findOne({ 'contact.emailKey': email });

describe('/leads new', () => {
  it('opens a modal with the lead’s fields and the definition’s questions as choices', async () => {
    const view = await openNewLeadModal();
    expect(view.callback_id).toBe('lead_new_modal');
    const ids = view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id);
    expect(ids).toEqual(expect.arrayContaining(['contact.name', 'contact.email', 'company.name', 'qualification.need', 'qualification.budget', 'source', 'note']));
    const budget = view.blocks.find((b: any) => b.block_id === 'qualification.budget');
    expect(budget.element.options.map((o: any) => o.value)).toEqual(['approved', 'planned', 'unknown', 'none']);
  });

  it('keeps the modal open with each problem on its field, and stores nothing', async () => {
    const view = await openNewLeadModal();
    const res = await submit(view, { 'contact.email': answer.text('not-an-email'), 'contact.phone': answer.text('call me maybe') });
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { 'contact.email': 'Is not a valid email address', 'contact.phone': 'May contain only digits, spaces and + ( ) - . /' },
    });
    expect(await mongoose.connection.db!.collection('leads').countDocuments()).toBe(0);
  });

  it('takes a qualifying lead in like the API: stored, posted for claiming, and the marketer told', async () => {
    const view = await openNewLeadModal();
    const res = await submit(view, {
      'contact.name': answer.text('Rita Moreno'),
      'contact.email': answer.text('Rita.Moreno@Example.com'),
      'company.name': answer.text('Moreno Logistics'),
      'company.size': answer.text('201-500'),
      'company.industry': answer.text('Logistics'),
      source: answer.text('trade-show'),
      ...qualifying,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const lead = await eventually(() => stored('rita.moreno@example.com'), 5000, 'the lead');
    expect(lead).toMatchObject({ stage: 'mql', source: 'trade-show', qualification: { need: 'clear', authority: 'decision_maker' } });
    expect(lead.history[0]).toMatchObject({ event: 'received', by: { kind: 'user', userId: MARKETER } });
    await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === LEADS_CHANNEL && (JSON.stringify(c.args.blocks) ?? '').includes(String(lead._id))), 5000, 'the post');
    const receipt = await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === MARKETER), 5000, 'the receipt');
    expect(receipt.args.text).toMatch(/^Added Rita Moreno · Moreno Logistics: it qualifies \(score \d+ of 50 needed\)/);

    // The same person again is merged, not duplicated.
    const again = await openNewLeadModal();
    await submit(again, { 'contact.email': answer.text('rita.moreno@example.com'), 'contact.phone': answer.text('+1 555 0100') });
    await eventually(async () => (await stored('rita.moreno@example.com'))?.contact.phone === '+1 555 0100', 5000, 'the merge');
    expect(await mongoose.connection.db!.collection('leads').countDocuments({ 'contact.emailKey': 'rita.moreno@example.com' })).toBe(1);
  });

  it('sends a lead below the definition to nurture and says what it lacks', async () => {
    const view = await openNewLeadModal();
    await submit(view, { 'contact.email': answer.text('later@example.com'), 'qualification.timeline': answer.select('later') });
    const receipt = await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === MARKETER), 5000, 'the receipt');
    expect(receipt.args.text).toMatch(/^Added later@example.com to nurture \(score \d+ of 50 needed\): /);
    expect((await stored('later@example.com'))?.stage).toBe('nurture');
  });

  it('is for people with a role: a member in no role is told so, and a forged submission is refused', async () => {
    const STRANGER = 'U0STRANGE1';
    const refusal = 'Only members of sales or marketing, and admins, can add leads; ask a Leadloop admin to give you a role.';
    const res = await app().command(STRANGER, 'new');
    expect(((await res.json()) as { text: string }).text).toBe(refusal);
    const view = await openNewLeadModal();
    const forged = await submit(view, { 'contact.email': answer.text('forged@example.com') }, STRANGER);
    expect(await forged.json()).toEqual({ response_action: 'errors', errors: { 'contact.name': refusal } });
    expect(await stored('forged@example.com')).toBeNull();
  });
});
