import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_ROUTING_EDIT } from '../../src/slack/blocks/routingView.js';
import { leadSteps } from '../support/leadSteps.js';
import { answer, buttonClick, modalSubmission } from '../support/slackRequests.js';
import { eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const ADMIN = 'U0ROUTADM1';
const SALES = 'U0DEFREP01';
const [ANNA, BEA, ERIK] = ['U0ANNA0001', 'U0BEA00001', 'U0ERIK0001'];
const [EMEA, ENTERPRISE] = ['C0EMEA0001', 'C0ENT00001'];
const dir = mkdtempSync(join(tmpdir(), 'leadloop-routing-'));
const routingFile = join(dir, 'routing.yml');
// The example file, as a team writes it.
writeFileSync(
  routingFile,
  `queues:
  - name: EMEA
    channel: ${EMEA}          # a channel ID
    reps: [${ANNA}, S0EMEASAL]  # users and/or user groups
    when: { region: [EMEA] }
    weights: { ${ANNA}: 0.5 }
    dailyCap: 20
  - name: Enterprise
    channel: ${ENTERPRISE}
    reps: [${ERIK}]
    when: { size: ["1000+"] }
`,
);

let clock = new Date('2026-11-30T10:00:00Z'); // a Monday, in business hours (UTC)
const app = useTestApp({
  env: { ROUTING_FILE: routingFile, TZ: 'UTC', LEADLOOP_ADMINS: ADMIN, LEADLOOP_SALES: SALES },
  now: () => clock,
  timing: { serviceLevelsEvery: 100 },
  beforeStart: (slack) => {
    slack.userGroups.set('S0EMEASAL', [BEA]);
    for (const rep of [ANNA, ERIK, SALES]) slack.userTimeZones.set(rep, 'Europe/London');
    slack.userTimeZones.set(BEA, 'Asia/Tokyo'); // the group's member works Tokyo hours
  },
});
const leads = leadSteps(app);
const postOf = (id: string) => eventually(() => app().slack.accepted('chat.postMessage').find((c) => (JSON.stringify(c.args.blocks) ?? '').includes(id)), 5000, 'the post');
const company = (country: string, size = '51-200') => ({ name: 'Acme', domain: `${country.toLowerCase()}.acme.example`, size, industry: 'Logistics', country });
let n = 0;
const lead = (country: string, size?: string) => ({ contact: { name: 'Routed Lead', email: `routed-${n++}@example.com` }, company: company(country, size) });

async function routingScreen(userId: string) {
  return (await (await app().command(userId, 'routing')).json()) as { text: string; blocks: any[] };
}

async function openEditor() {
  const before = app().slack.views.length;
  const screen = await routingScreen(ADMIN);
  const edit = screen.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === ACTION_ROUTING_EDIT);
  await app().interact(buttonClick({ userId: ADMIN, actionId: ACTION_ROUTING_EDIT, value: edit.value, channelId: LEADS_CHANNEL, messageTs: '1.1' }));
  return (await eventually(() => app().slack.views[before], 5000, 'the routing modal')).view;
}

describe('routing leads to queues', () => {
  it('posts each lead in the first queue it matches, and the rest in the default queue', async () => {
    const de = await leads.intake(lead('DE'));
    expect((await postOf(de.id)).args.channel).toBe(EMEA);
    const us = await leads.intake(lead('US', '1000+'));
    expect((await postOf(us.id)).args.channel).toBe(ENTERPRISE);
    const usSmall = await leads.intake(lead('United States'));
    expect((await postOf(usSmall.id)).args.channel).toBe(LEADS_CHANNEL);
    expect((await leads.stored(de.id))!.queue).toEqual({ name: 'EMEA', version: 1 });
    expect((await leads.stored(usSmall.id))!.queue).toEqual({ name: 'default', version: 1 });
  });

  it('posts to queues’ channels in parallel: a channel Slack holds back (429) holds back no other channel', async () => {
    app().slack.failNext('chat.postMessage', { status: 429, retryAfter: 3 }, 1, ENTERPRISE);
    const big = await app().postLead({ ...lead('US', '1000+'), qualification: { need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' } });
    const bigId = ((await big.json()) as { id: string }).id;
    await eventually(() => app().slack.callsTo('chat.postMessage').some((c) => c.args.channel === ENTERPRISE && c.status === 429), 5000, 'the Enterprise channel held back');
    // While Enterprise waits out its Retry-After, EMEA's leads go out.
    const others = await Promise.all([leads.intake(lead('DE')), leads.intake(lead('FR'))]);
    for (const other of others) expect((await postOf(other.id)).args.channel).toBe(EMEA);
    expect((await leads.stored(bigId))!.post.status).toBe('pending');
    expect((await postOf(bigId)).args.channel).toBe(ENTERPRISE);
  });

  it('shows the queues in order to anyone with a role, with Edit for admins only', async () => {
    const screen = await routingScreen(ADMIN);
    const text = JSON.stringify(screen.blocks);
    expect(screen.text).toContain('*Routing* (version 1, by config/routing.yml');
    expect(text).toContain(`*1. EMEA* → <#${EMEA}> when region EMEA`);
    expect(text).toContain(`<@${ANNA}> ×0.5`);
    expect(text).toContain('at most 20 a rep a day');
    expect(text).toContain(`*2. Enterprise* → <#${ENTERPRISE}> when size 1000+`);
    expect(text).toContain(`*3. default* → <#${LEADS_CHANNEL}>`);
    expect(text).toContain(ACTION_ROUTING_EDIT);
    expect(JSON.stringify((await routingScreen(SALES)).blocks)).not.toContain(ACTION_ROUTING_EDIT);
  });

  it('refuses an edit with an unknown field, a channel Leadloop is not in, a user who does not exist or an unreachable queue, naming each, and changes nothing', async () => {
    const view = await openEditor();
    expect(view.blocks[0].element.initial_value).toContain('name: EMEA');
    app().slack.channelsWithoutApp.add('C0APAC0001');
    app().slack.unknownUsers.add('U0GHOST001');
    const edit = `queues:
  - name: APAC
    channel: C0APAC0001
    reps: [U0GHOST001]
    when: { region: [APAC], colour: blue }
`;
    const refused = (await (await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text(edit) } }))).json()) as any;
    expect(refused.errors.yaml).toContain('Nothing was saved.');
    expect(refused.errors.yaml).toContain('queues[0].when.colour: is not a known field');
    const slackRefused = (await (await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text(edit.replace(', colour: blue', '')) } }))).json()) as any;
    expect(slackRefused.errors.yaml).toContain('queues[0].channel: Leadloop is not in <#C0APAC0001>');
    expect(slackRefused.errors.yaml).toContain('queues[0].reps[0]: U0GHOST001 is not a user of this workspace');
    const unreachable = `queues:
  - name: All
    channel: C0ALL00001
    reps: [${ANNA}]
  - name: EMEA
    channel: ${EMEA}
    reps: [${ANNA}]
    when: { region: [EMEA] }
`;
    const shadowed = (await (await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text(unreachable) } }))).json()) as any;
    expect(shadowed.errors.yaml).toContain('queues[1].when: is unreachable: every lead it matches goes to All first');
    expect(await mongoose.connection.db!.collection('routing_versions').countDocuments()).toBe(1);
  });

  it('saves a valid edit as the next version with who and when, and routes new leads by it at once', async () => {
    const view = await openEditor();
    const edit = `queues:
  - name: DACH
    channel: C0DACH0001
    reps: [${BEA}]
    when: { country: [DE, AT, CH] }
  - name: EMEA
    channel: ${EMEA}
    reps: [${ANNA}, S0EMEASAL]
    when: { region: [EMEA] }
`;
    const saved = await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text(edit) } }));
    expect(saved.status).toBe(200);
    expect(await saved.text()).toBe('');
    const stored = await mongoose.connection.db!.collection('routing_versions').findOne({ version: 2 });
    expect(stored).toMatchObject({ version: 2, by: ADMIN, createdAt: clock, text: edit });
    await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === ADMIN && String(c.args.text).startsWith('Routing version 2 is in force')), 5000, 'the admin told');
    const at = await leads.intake(lead('AT'));
    expect((await postOf(at.id)).args.channel).toBe('C0DACH0001');
    const fr = await leads.intake(lead('FR'));
    expect((await postOf(fr.id)).args.channel).toBe(EMEA);
    // An edit from an editor opened on version 1 is refused: someone changed it meanwhile.
    const stale = (await (await app().interact(modalSubmission({ userId: ADMIN, view, values: { yaml: answer.text(edit) } }))).json()) as any;
    expect(stale.errors.yaml).toContain('the routing changed since you opened it (now version 2)');
    const screen = await routingScreen(SALES);
    expect(screen.text).toContain(`version 2, by <@${ADMIN}>`);
  });

  it('falls back to the default queue when a queue’s channel is gone, warns the admins, and loses no lead', async () => {
    app().slack.missingChannels.add(EMEA);
    const fr = await leads.intake(lead('FR'));
    expect((await postOf(fr.id)).args.channel).toBe(LEADS_CHANNEL);
    expect((await leads.stored(fr.id))!.queue).toMatchObject({ name: 'default', fallbackFrom: 'EMEA' });
    const warning = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === ADMIN && String(c.args.text).includes('refused a lead')), 5000, 'the admins warned');
    expect(warning.args.text).toContain(`The *EMEA* queue’s channel <#${EMEA}> refused a lead (\`channel_not_found\`)`);
  });

  it('escalates an unclaimed lead to a rep of its own queue, never to the default roster, skipping reps outside their working hours, and says why', async () => {
    clock = new Date('2026-11-30T11:00:00Z');
    const fr = await leads.intake(lead('FR'));
    expect((await postOf(fr.id)).args.channel).toBe(EMEA);
    clock = new Date('2026-11-30T11:31:00Z');
    await app().running.runServiceLevelsNow();
    clock = new Date('2026-11-30T12:02:00Z');
    await app().running.runServiceLevelsNow();
    await app().running.idle();
    // Bea (the group's member) is at 21:02 in Tokyo: Anna gets it.
    expect((await leads.stored(fr.id))!.owner?.userId).toBe(ANNA);
    const why = ((await (await app().command(SALES, `routing why ${fr.id}`)).json()) as { text: string }).text;
    expect(why).toContain('• Queue *EMEA* (routing version 2): the first queue whose condition it met (region EMEA).');
    expect(why).toContain(`• Posted in <#${EMEA}>`);
    expect(why).toContain(`not claimed in time, given by turn to <@${ANNA}> in EMEA. Passed over: <@${BEA}> (outside working hours (mon 21:02 in Asia/Tokyo)).`);
    const fallback = ((await (await app().command(SALES, 'routing why Routed Lead')).json()) as { text: string }).text;
    expect(fallback).toMatch(/^\*Why Routed Lead, Acme went where it did\*/);
  });

  it('reports and exports by queue', async () => {
    const answerText = async (text: string) => ((await (await app().command(ADMIN, text)).json()) as { text?: string; blocks?: any[] });
    app().slack.missingChannels.clear();
    const es = await leads.intake(lead('ES'));
    expect((await postOf(es.id)).args.channel).toBe(EMEA);
    const all = await mongoose.connection.db!.collection('leads').find({ 'queue.name': 'EMEA' }).toArray();
    const stats = await answerText('stats this week queue:EMEA');
    expect(JSON.stringify(stats)).toContain('queue EMEA');
    expect(JSON.stringify(stats)).toContain(`${all.length} leads in`);
    const week = JSON.stringify(await answerText('stats this week'));
    expect(week).toContain('*By queue*');
    expect(week).toMatch(/• EMEA\\n {6}in \d+ · claimed \d+ · speed to claim (median|–)/);
    const bad = await answerText('stats queue:');
    expect(bad.text).toContain('Give the source, campaign or queue a value.');
  });
});
