import { describe, expect, it } from 'vitest';
import { ACTION_QUALIFY } from '../../src/slack/blocks/qualifyModal.js';
import { stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { allInputs, answer, buttonClick, modalSubmission } from '../support/slackRequests.js';
import { leadSteps } from '../support/leadSteps.js';
import { eventually, INTAKE_TOKEN, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

/**
 * Sales' qualification as a rep gives it: the form Meeting booked (or
 * Qualify) opens, the findings stored beside marketing's answers, and the
 * refusals: a wrong answer, a form older than the definition, a stranger.
 */
const OWNER = 'U0OWNER001';
const OTHER = 'U0OTHER001';
const app = useTestApp({ env: { LEADLOOP_SALES: `${OWNER},${OTHER}` } });
const leads = leadSteps(app);

const asked = { need: 'clear', budget: 'planned', authority: 'decision_maker', timeline: 'this_quarter' };

async function acceptedLead(email: string) {
  const lead = await leads.intake({ contact: { name: 'Quinn Qualify', email }, company: { name: 'Q Corp', size: '201-500' }, qualification: asked });
  await leads.claim(lead.id, lead.ts!, OWNER);
  await leads.step(lead.id, lead.ts!, OWNER, 'accept');
  return { id: lead.id, ts: lead.ts! };
}

async function openForm(id: string, ts: string, userId: string, actionId: string) {
  const before = app().slack.views.length;
  await app().interact(buttonClick({ userId, actionId, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));
  return (await eventually(() => app().slack.views[before], 5000, 'the form')).view;
}

describe('sales qualifies a lead', () => {
  it('confirms or corrects each answer in one form at Meeting booked; the message shows what sales found', async () => {
    const { id, ts } = await acceptedLead('quinn@q.example');
    const view = await openForm(id, ts, OWNER, stepActionId('meeting'));
    expect(view.callback_id).toBe('lead_qualify_modal');
    const inputs = view.blocks.filter((b: any) => b.type === 'input');
    expect(inputs.map((b: any) => b.block_id)).toEqual(['qualification.need', 'qualification.budget', 'qualification.authority', 'qualification.timeline']);
    // Pre-filled with the answers the lead came with, and marked as such.
    expect(inputs.map((b: any) => b.element.initial_option.value)).toEqual(['clear', 'planned', 'decision_maker', 'this_quarter']);
    expect(inputs[1].hint.text).toBe('Came with: Planned (marketing’s answer). Confirm it or pick what you found.');

    const res = await app().interact(modalSubmission({ userId: OWNER, view, values: allInputs(view, {
      'qualification.need': answer.select('clear'), 'qualification.budget': answer.select('approved'), 'qualification.authority': answer.select('decision_maker'), 'qualification.timeline': answer.select('next_quarter'),
    }) }));
    expect(res.status).toBe(200);
    const lead = await eventually(async () => ((await leads.stored(id))?.stage === 'sql' ? leads.stored(id) : null), 5000, 'the meeting');
    expect(lead!.findings).toMatchObject({
      definitionVersion: 1,
      by: OWNER,
      answers: [
        { key: 'need', found: 'clear', intake: 'clear' },
        { key: 'budget', found: 'approved', intake: 'planned' },
        { key: 'authority', found: 'decision_maker', intake: 'decision_maker' },
        { key: 'timeline', found: 'next_quarter', intake: 'this_quarter' },
      ],
      threshold: 50,
    });
    expect(lead!.history.slice(-2).map((h: any) => [h.event, h.by.userId])).toEqual([['findings', OWNER], ['meeting', OWNER]]);
    expect(lead!.history.at(-2).details.findings).toEqual({ need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'next_quarter' });
    const message = await eventually(() => [...app().slack.messages.values()].find((m) => JSON.stringify(m.blocks).includes('Qualified by sales')), 5000, 'the message');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(`*Budget:* Planned → Approved by <@${OWNER}>`);
    expect(text).toContain(`*Need / product fit:* Clear need we solve ✓ confirmed by <@${OWNER}>`);
  });

  it('refuses an answer outside the definition on its field, a form older than the definition, and anyone but the owner', async () => {
    const { id, ts } = await acceptedLead('refusals@q.example');
    const view = await openForm(id, ts, OWNER, ACTION_QUALIFY);
    const bad = await app().interact(modalSubmission({ userId: OWNER, view, values: allInputs(view, { ...Object.fromEntries(Object.entries(asked).map(([k, v]) => [`qualification.${k}`, answer.select(v)])), 'qualification.budget': answer.select('millions') }) }));
    expect(await bad.json()).toEqual({ response_action: 'errors', errors: { 'qualification.budget': 'must be one of: approved, planned, unknown, none' } });

    const stale = { ...view, private_metadata: JSON.stringify({ ...JSON.parse(view.private_metadata), version: 0 }) };
    const old = await app().interact(modalSubmission({ userId: OWNER, view: stale, values: allInputs(view, Object.fromEntries(Object.entries(asked).map(([k, v]) => [`qualification.${k}`, answer.select(v)]))) }));
    expect(((await old.json()) as any).errors['qualification.need']).toMatch(/^The lead definition changed while this form was open \(now version 1\); nothing was saved/);

    const stranger = await app().interact(modalSubmission({ userId: OTHER, view, values: allInputs(view, Object.fromEntries(Object.entries(asked).map(([k, v]) => [`qualification.${k}`, answer.select(v)]))) }));
    expect(stranger.status).toBe(200);
    await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === OTHER), 5000, 'the refusal');
    expect((await leads.stored(id))!.findings).toBeUndefined();
    expect((await leads.stored(id))!.history.map((h: any) => h.event)).not.toContain('findings');

    // Qualify before a meeting: findings only, the stage stays.
    await app().interact(modalSubmission({ userId: OWNER, view, values: allInputs(view, Object.fromEntries(Object.entries(asked).map(([k, v]) => [`qualification.${k}`, answer.select(v)]))) }));
    const qualified = await eventually(async () => (await leads.stored(id))?.findings, 5000, 'the findings');
    expect(qualified.qualified).toBe(true);
    expect((await leads.stored(id))!.stage).toBe('sal');
  });

  it('takes findings from a CRM with its event, and refuses wrong ones without recording the step', async () => {
    const { id } = await acceptedLead('crm@q.example');
    const post = (body: unknown) => fetch(`${app().url}/api/leads/${id}/events`, { method: 'POST', headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const wrong = await post({ stage: 'sql', qualification: { budget: 'lots' } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as any).fields).toEqual([{ field: 'qualification.budget', message: 'must be one of: approved, planned, unknown, none' }]);
    expect((await leads.stored(id))!.stage).toBe('sal');

    const ok = await post({ stage: 'sql', qualification: { budget: 'Unknown', timeline: 'later' } });
    expect(ok.status).toBe(200);
    const lead = (await leads.stored(id))!;
    expect(lead.stage).toBe('sql');
    expect(lead.findings).toMatchObject({ by: 'crm', answers: [{ key: 'budget', found: 'unknown', intake: 'planned' }, { key: 'timeline', found: 'later', intake: 'this_quarter' }] });
    expect(lead.history.slice(-2).map((h: any) => [h.event, h.by.kind])).toEqual([['meeting', 'api'], ['findings', 'api']]);
  });
});
