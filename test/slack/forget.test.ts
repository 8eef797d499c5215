import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_ERASE } from '../../src/slack/listeners/commands/forgetCommand.js';
import { leadSteps } from '../support/leadSteps.js';
import { buttonClick } from '../support/slackRequests.js';
import { eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const ADMIN = 'U0ADMIN001';
const REP = 'U0REPA0001';
const DIGEST = 'C0DIGEST001';
const app = useTestApp({ env: { LEADLOOP_ADMINS: ADMIN, LEADLOOP_SALES: REP, DIGEST_CHANNEL_ID: DIGEST } });
const leads = leadSteps(app);

async function forget(userId: string, text: string) {
  const res = await app().command(userId, `forget ${text}`.trim());
  return (await res.json()) as { text: string; blocks?: any[] };
}

describe('/leads forget', () => {
  it('erases the person everywhere Leadloop keeps them, after a confirmation, and keeps the anonymous history', async () => {
    const { id, ts } = await leads.intake({ contact: { name: 'Erin Erase', email: 'erin.erase@example.com', phone: '+44 20 7946 0000', title: 'CFO' }, note: 'Met at the booth' });
    await leads.claim(id, ts!, REP);
    await leads.step(id, ts!, REP, 'accept');
    const before = (await leads.stored(id))!;

    const confirm = await forget(ADMIN, 'Erin.Erase@example.com');
    expect(confirm.text).toBe('Erase the personal data of Erin.Erase@example.com?');
    const button = confirm.blocks!.find((b) => b.type === 'actions').elements[0];
    expect(button).toMatchObject({ action_id: ACTION_ERASE, style: 'danger', value: id, confirm: { title: { text: 'Erase this person?' } } });

    const responseUrl = app().slack.responseUrl('erase');
    await app().interact(buttonClick({ userId: ADMIN, actionId: ACTION_ERASE, value: id, channelId: LEADS_CHANNEL, messageTs: '1.000001', responseUrl }));
    const done = await eventually(() => app().slack.callsTo('response_url').find((c) => c.args.id === 'erase'), 5000, 'the answer');
    expect(done.args.text).toBe(`Erased. Lead \`${id}\` keeps its stage and history for the reports, without the person.`);

    const after = (await leads.stored(id))!;
    expect(after.contact).toBeUndefined();
    expect(after.note).toBeUndefined();
    expect(after.erasedAt).toBeInstanceOf(Date);
    expect(after.stage).toBe('sal');
    expect(after.source).toBe(before.source);
    expect(after.history.map((h: any) => h.event)).toEqual([...before.history.map((h: any) => h.event), 'erased']);
    expect(JSON.stringify(after)).not.toMatch(/erin|7946|CFO|booth/i);
    expect(await mongoose.connection.db!.collection('erasures').findOne({ leadId: id })).toMatchObject({ by: ADMIN });

    // The lead's message no longer shows the person.
    await eventually(() => !JSON.stringify(app().slack.messages.get(`${LEADS_CHANNEL}/${ts}`)?.blocks).includes('erin'), 5000, 'the message updated');
    // A new lead with that email is a new person, not the erased one.
    expect((await forget(ADMIN, 'erin.erase@example.com')).text).toBe('No lead has the email erin.erase@example.com; nothing to erase.');
  });

  it('removes notes given with steps too, and the rejection report marketing got', async () => {
    const { id, ts } = await leads.intake({ contact: { name: 'Noted Person', email: 'noted@example.com' } });
    await leads.claim(id, ts!, REP);
    await leads.reject(id, ts!, REP, 'no_budget', 'Noted says no money');
    const report = await eventually(() => [...app().slack.messages.values()].find((m) => m.channel === DIGEST && m.text.includes('Noted Person')), 5000, 'the rejection report');
    expect(JSON.stringify(report.blocks)).toContain('Noted says no money');
    await eventually(async () => (await leads.stored(id))?.reportMessages?.length === 1, 5000, 'the report remembered');
    await app().interact(buttonClick({ userId: ADMIN, actionId: ACTION_ERASE, value: id, channelId: LEADS_CHANNEL, messageTs: '1.000001', responseUrl: app().slack.responseUrl('erase-2') }));
    await eventually(async () => (await leads.stored(id))?.erasedAt, 5000, 'erased');
    const after = (await leads.stored(id))!;
    expect(JSON.stringify(after)).not.toContain('Noted');
    expect(after.history[2].details).toEqual({ reason: 'no_budget' });
    expect(after.verdict).toMatchObject({ kind: 'rejected', reason: 'no_budget' });
    await eventually(() => !JSON.stringify(app().slack.messages.get(`${DIGEST}/${report.ts}`)).includes('Noted'), 5000, 'the report updated');
    expect(app().slack.messages.get(`${DIGEST}/${report.ts}`)!.text).toMatch(/^Not a lead: A lead · Northwind Freight — No budget/);
  });

  it('is for admins only, and needs an email', async () => {
    expect((await forget(REP, 'someone@example.com')).text).toBe('Only Leadloop admins can erase a person’s data.');
    expect((await forget(ADMIN, 'not an email')).text).toMatch(/^Usage: `\/leads forget <email>`/);
    const forged = await app().interact(buttonClick({ userId: REP, actionId: ACTION_ERASE, value: 'x', channelId: LEADS_CHANNEL, messageTs: '1.000001', responseUrl: app().slack.responseUrl('forged') }));
    expect(forged.status).toBe(200);
    const refused = await eventually(() => app().slack.callsTo('response_url').find((c) => c.args.id === 'forged'), 5000, 'the refusal');
    expect(refused.args.text).toBe('Only Leadloop admins can erase a person’s data.');
  });
});

describe('/leads help', () => {
  const commandsIn = (text: string) => [...text.matchAll(/^`\/leads (\w+)/gm)].map((m) => m[1]);
  it('lists what each person can do, for their role', async () => {
    const help = async (userId: string) => ((await (await app().command(userId, 'help')).json()) as { text: string }).text;
    expect(commandsIn(await help(ADMIN))).toEqual(['new', 'import', 'list', 'find', 'stats', 'stats', 'export', 'definition', 'forget', 'settings', 'routing', 'crm']);
    expect(commandsIn(await help(REP))).toEqual(['new', 'list', 'find', 'stats', 'definition', 'routing', 'away']);
    const stranger = await help('U0STRANGER');
    expect(commandsIn(stranger)).toEqual(['definition']);
    expect(stranger).toContain('You have no Leadloop role yet');
  });
});

