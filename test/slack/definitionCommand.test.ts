import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { answer, buttonClick, modalSubmission } from '../support/slackRequests.js';
import { aLead, eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const ADMIN = 'U0ADMIN01';
const SALES = 'U0SALES01';
const MARKETING = 'U0MKTG001';
const app = useTestApp({ env: { LEADLOOP_ADMINS: ADMIN, LEADLOOP_SALES: SALES, LEADLOOP_MARKETING: MARKETING } });

async function definitionScreen(userId: string) {
  const res = await app().command(userId, 'definition');
  expect(res.status).toBe(200);
  return (await res.json()) as { response_type: string; text: string; blocks: any[] };
}
const textOf = (blocks: any[]) => JSON.stringify(blocks);
const buttons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const click = (userId: string, actionId: string, value: string) =>
  app().interact(buttonClick({ userId, actionId, value, channelId: LEADS_CHANNEL, messageTs: '1.000001' }));

describe('/leads definition', () => {
  it('shows everyone the agreement in force, privately; only admins get “Propose a change”', async () => {
    const rep = await definitionScreen('U0JUSTAREP');
    expect(rep.response_type).toBe('ephemeral');
    expect(rep.text).toBe('Lead definition v1');
    expect(textOf(rep.blocks)).toContain('at least *50 points*');
    expect(textOf(rep.blocks)).toContain('*Need / product fit* (required): Clear need we solve 30');
    expect(textOf(rep.blocks)).toContain('No budget');
    expect(buttons(rep.blocks)).toEqual([]);
    expect(buttons((await definitionScreen(ADMIN)).blocks).map((b: any) => b.text.text)).toEqual(['Propose a change']);
  });

  it('answers an unknown subcommand with the usage, not an error', async () => {
    const res = await app().command('U0JUSTAREP', 'defnition please');
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: expect.stringMatching(/^I don’t know `\/leads defnition please`\. You can use:\n`\/leads definition`/) });
  });

  it('lets an admin propose a change that takes effect after sales and marketing approve, and new leads are judged by it', async () => {
    await click(ADMIN, 'definition_propose', '1');
    const { view } = await eventually(() => app().slack.views[0], 5000, 'the modal');
    const yaml = view.blocks[0].element.initial_value as string;
    expect(parse(yaml).threshold).toBe(50);

    // Broken input keeps the modal open with the reason on the field.
    const broken = await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text('threshold: [') } }));
    expect(await broken.json()).toMatchObject({ response_action: 'errors', errors: { yaml: expect.stringContaining('not valid YAML') } });
    const invalid = await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text(stringify({ ...parse(yaml), threshold: -5 })) } }));
    expect(await invalid.json()).toMatchObject({ response_action: 'errors', errors: { yaml: expect.stringContaining('threshold') } });
    const notAdmin = await app().interact(modalSubmission({ userId: SALES, view, values: { yaml: answer.text(yaml.replace('threshold: 50', 'threshold: 200')) } }));
    expect(await notAdmin.json()).toMatchObject({ errors: { yaml: 'Only Leadloop admins can change the lead definition.' } });

    const proposed = await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text(yaml.replace('threshold: 50', 'threshold: 200')) } }));
    expect(proposed.status).toBe(200);
    const told = await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === ADMIN), 5000, 'the admin told');
    expect(told.args.text).toMatch(/^Proposed v2: 1 change\(s\)/);

    const screen = await definitionScreen('U0JUSTAREP');
    expect(textOf(screen.blocks)).toContain('threshold: 50 → 200');
    expect(buttons(screen.blocks).map((b: any) => [b.text.text, b.value])).toEqual([['Approve v2', '2']]);

    app().slack.reset();
    await click('U0JUSTAREP', 'definition_approve', '2');
    await click(SALES, 'definition_approve', '2');
    await eventually(() => app().slack.accepted('chat.postEphemeral').length === 2, 5000, 'two answers');
    const [refused, salesOk] = app().slack.accepted('chat.postEphemeral');
    expect(refused!.args.text).toMatch(/^Only people listed for sales/);
    expect(salesOk!.args.text).toBe('Approved for sales. v2 takes effect once marketing approves too.');
    expect((await definitionScreen(SALES)).text).toBe('Lead definition v1');

    await click(MARKETING, 'definition_approve', '2');
    const inForce = await eventually(() => app().slack.accepted('chat.postEphemeral')[2], 5000, 'the last answer');
    expect(inForce.args.text).toBe('Approved for marketing. Lead definition v2 is now in force.');
    const after = await definitionScreen('U0JUSTAREP');
    expect(after.text).toBe('Lead definition v2');
    expect(textOf(after.blocks)).toContain(`approved by <@${SALES}> (sales) and <@${MARKETING}> (marketing)`);

    const lead = await (await app().postLead(aLead({ contact: { email: 'judged-by-v2@example.com' } }))).json();
    expect(lead).toMatchObject({ stage: 'nurture', threshold: 200 });
  });
});

describe('an admin', () => {
  it('may move a lead someone else owns; the history says who did', async () => {
    const { id } = (await (await app().postLead(aLead({ contact: { email: 'admin-override@example.com' }, qualification: { need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' } }))).json()) as { id: string };
    // (v2's threshold of 200 sends this lead to nurture; put it in play directly.)
    const mongoose = (await import('mongoose')).default;
    await mongoose.connection.db!.collection('leads').updateOne({ _id: new mongoose.Types.ObjectId(id) }, { $set: { stage: 'mql', post: { status: 'posted', channelId: LEADS_CHANNEL, ts: '1.000001', postedAt: new Date() } } });
    await click(SALES, ACTION_CLAIM, id);
    await eventually(async () => (await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) }))?.stage === 'sal', 5000, 'claimed');
    await click(ADMIN, stepActionId('accept'), id);
    const lead = await eventually(async () => {
      const doc = await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });
      return doc?.verdict && doc;
    }, 5000, 'accepted');
    expect(lead.verdict).toMatchObject({ kind: 'accepted', by: ADMIN });
    expect(lead.history.at(-1)).toMatchObject({ event: 'accept', by: { kind: 'user', userId: ADMIN } });
  });
});
