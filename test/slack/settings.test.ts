import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { modalSubmission } from '../support/slackRequests.js';
import { aLead, eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const FIRST = 'U0FIRST001';
const SECOND = 'U0SECOND01';
const [REP_A, REP_B, MKT] = ['U0REPA0001', 'U0REPB0001', 'U0MKTG0001'];
const SALES_GROUP = 'S0SALES001';
// No roles in the environment: a fresh team.
// FIRST is a Slack workspace admin; SECOND is a plain member.
const app = useTestApp({
  beforeStart: (slack) => {
    slack.userGroups.set(SALES_GROUP, [REP_A, REP_B]);
    slack.workspaceAdmins.add(FIRST);
  },
});

type Answer = { text: string };
const run = async (userId: string, text: string) => {
  const res = await app().command(userId, text);
  const body = await res.text();
  return body ? (JSON.parse(body) as Answer) : null;
};
const users = (ids: string[]) => ({ value: { type: 'multi_users_select', selected_users: ids } });
const text = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
function submit(view: any, userId: string, values: Record<string, unknown>) {
  const all: Record<string, unknown> = {
    admins_users: users([]),
    admins_groups: text(null),
    sales_users: users([]),
    sales_groups: text(null),
    marketing_users: users([]),
    marketing_groups: text(null),
    escalate_to: text(null),
    leads_channel: { value: { type: 'conversations_select', selected_conversation: LEADS_CHANNEL } },
    digest_channel: { value: { type: 'conversations_select', selected_conversation: null } },
    digest_schedule: text('mon 09:00'),
    time_zone: text('UTC'),
    ...values,
  };
  return app().interact(modalSubmission({ userId, view, values: all as never }));
}

describe('/leads settings and roles', () => {
  it('makes the first workspace admin to open the settings Leadloop’s admin, and only admins get in after that', async () => {
    // A plain member on a fresh install cannot make themself admin; they are told who can.
    expect((await run(SECOND, 'settings'))?.text).toMatch(/^Leadloop has no admin yet\. Only a Slack workspace owner or admin can become its first admin/);
    expect(await mongoose.connection.db!.collection('settings').findOne({ 'roles.admins.users': SECOND })).toBeNull();
    expect((await run(FIRST, 'settings'))?.text).toBe('You are Leadloop’s first admin. Add the others in the settings.');
    const { view } = await eventually(() => app().slack.views.at(-1), 5000, 'the settings modal');
    expect(view.callback_id).toBe('leadloop_settings_modal');
    expect(view.blocks.find((b: any) => b.block_id === 'admins_users').element.initial_users).toEqual([FIRST]);
    expect((await run(SECOND, 'settings'))?.text).toBe('Only Leadloop admins can change the settings.');
  });

  it('checks what the admin entered, on its field, and saves nothing until it is right', async () => {
    await run(FIRST, 'settings');
    const { view } = await eventually(() => app().slack.views.at(-1), 5000, 'the settings modal');
    const refused = await submit(view, FIRST, { sales_groups: text('sales-team, S0NOSUCH01'), escalate_to: text('#managers') });
    expect(await refused.json()).toEqual({
      response_action: 'errors',
      errors: {
        sales_groups: 'Not user group IDs: sales-team (they look like S0123ABCD)',
        escalate_to: 'Give a user ID (U…) or a user group ID (S…)',
        admins_users: 'Keep at least one admin, or nobody can change these settings again.',
      },
    });
    const unknown = await submit(view, FIRST, { admins_users: users([FIRST]), sales_groups: text('S0NOSUCH01') });
    expect(await unknown.json()).toMatchObject({ errors: { sales_groups: expect.stringMatching(/^Slack does not know these user groups .*: S0NOSUCH01$/) } });
    const forged = await submit(view, SECOND, { admins_users: users([SECOND]) });
    expect(await forged.json()).toMatchObject({ errors: { admins_users: 'Only Leadloop admins can change the settings.' } });
    expect((await mongoose.connection.db!.collection('settings').findOne({}))?.roles.admins.users).toEqual([FIRST]);
  });

  it('gives roles to people and to user groups’ members, at once', async () => {
    await run(FIRST, 'settings');
    const { view } = await eventually(() => app().slack.views.at(-1), 5000, 'the settings modal');
    const res = await submit(view, FIRST, { admins_users: users([FIRST]), sales_groups: text(SALES_GROUP), marketing_users: users([MKT]), escalate_to: text('S0MANAGER1') });
    expect(res.status).toBe(200);
    await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === FIRST), 5000, 'the confirmation');

    // A member of the sales group is a rep; the marketer can add leads; anyone else has no role.
    expect((await run(REP_B, 'away'))?.text).toMatch(/^You are away/);
    expect((await run(REP_A, 'import'))?.text).toBe('Only marketers and admins can import leads.');
    expect(await run(MKT, 'new')).toBeNull(); // the modal opens
    expect((await run(SECOND, 'list'))?.text).toBe('You need a Leadloop role to see leads; ask an admin.');
    expect((await mongoose.connection.db!.collection('settings').findOne({}))?.escalateTo).toBe('S0MANAGER1');
  });

  it('moves the leads channel, turns the digest on at a new time in a new time zone, at once', async () => {
    await run(FIRST, 'settings');
    // The earlier test's /leads new modal may open after the reset: wait for the settings modal itself.
    const { view } = await eventually(() => app().slack.views.find((v) => v.view.callback_id === 'leadloop_settings_modal'), 5000, 'the settings modal');
    expect(view.blocks.find((b: any) => b.block_id === 'leads_channel').element.initial_conversation).toBe(LEADS_CHANNEL);
    const bad = await submit(view, FIRST, { admins_users: users([FIRST]), digest_schedule: text('every monday'), time_zone: text('Berlin') });
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: { digest_schedule: 'Give a weekday and a 24-hour time, such as mon 09:00', time_zone: 'Give an IANA time zone, such as Europe/Berlin' },
    });
    const res = await submit(view, FIRST, {
      admins_users: users([FIRST]),
      leads_channel: { value: { type: 'conversations_select', selected_conversation: 'C0NEWLEADS1' } },
      digest_channel: { value: { type: 'conversations_select', selected_conversation: 'C0DIGEST001' } },
      digest_schedule: text('Fri 16:30'),
      time_zone: text('America/New_York'),
    });
    expect(res.status).toBe(200);
    await eventually(async () => (await mongoose.connection.db!.collection('jobs').findOne({ name: 'weekly-digest' }))?.repeatInterval === '30 16 * * 5', 5000, 'the digest scheduled');
    expect(await mongoose.connection.db!.collection('jobs').findOne({ name: 'weekly-digest' })).toMatchObject({ repeatTimezone: 'America/New_York' });

    const posted = await app().postLead(aLead({ contact: { name: 'New Channel', email: 'new-channel@example.com' } }));
    const { id } = (await posted.json()) as { id: string };
    const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => (JSON.stringify(c.args.blocks) ?? '').includes(id)), 5000, 'the post');
    expect(post.args.channel).toBe('C0NEWLEADS1');
  });
});
