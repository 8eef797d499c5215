import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { leadSteps } from '../support/leadSteps.js';
import { homeButtonClick, signedHomeOpened } from '../support/slackRequests.js';
import { eventually, SIGNING_SECRET, useTestApp } from '../support/testApp.js';

const REP = 'U0REPA0001';
const MARKETER = 'U0MKTG0001';
const STRANGER = 'U0STRANGER';
const OWNER = 'U0OWNER001';
// Sales and marketing set in the environment, but no admin: the review's case.
const app = useTestApp({ env: { LEADLOOP_SALES: REP, LEADLOOP_MARKETING: MARKETER }, beforeStart: (slack) => slack.workspaceOwners.add(OWNER) });
const leads = leadSteps(app);

async function run(userId: string, text: string): Promise<string> {
  const res = await app().command(userId, text);
  const body = await res.text();
  return body ? ((JSON.parse(body) as { text: string }).text ?? '') : '';
}

async function openHome(userId: string) {
  const request = signedHomeOpened(SIGNING_SECRET, userId);
  expect((await fetch(`${app().url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body })).status).toBe(200);
  await eventually(() => app().slack.homes.get(userId), 5000, 'the Home');
  await app().running.homesIdle();
  return JSON.stringify(app().slack.homes.get(userId));
}

describe('a member with no role, while Leadloop has no admin', () => {
  it('cannot become admin, and never sees a lead’s contact data outside the leads channel', async () => {
    const { id } = await leads.intake({ contact: { name: 'Secret Person', email: 'secret.person@example.com', phone: '+1 415 555 0100' } });

    expect(await run(STRANGER, 'settings')).toMatch(/^Leadloop has no admin yet\. Only a Slack workspace owner or admin/);
    expect(await run(REP, 'settings')).toMatch(/^Leadloop has no admin yet/);
    expect(await mongoose.connection.db!.collection('settings').findOne({ 'roles.admins.users': { $in: [STRANGER, REP] } })).toBeNull();
    expect(await run(STRANGER, 'forget secret.person@example.com')).toMatch(/admins/);

    for (const text of ['list', 'list unclaimed', 'find secret', 'find secret.person@example.com']) {
      const answer = await run(STRANGER, text);
      expect([text, answer]).toEqual([text, 'You need a Leadloop role to see leads; ask an admin.']);
    }
    const home = await openHome(STRANGER);
    expect(home).toContain('You do not have a Leadloop role yet');
    expect(home).not.toContain('Secret Person');
    await app().interact(homeButtonClick({ userId: STRANGER, actionId: 'lead_open', value: id }));
    const everything = JSON.stringify([...app().slack.calls.filter((c) => c.args.channel === STRANGER || c.args.user_id === STRANGER || c.method === 'views.open').map((c) => c.args)]);
    expect(everything).not.toContain('secret.person@example.com');
    expect(everything).not.toContain('555 0100');
    expect(await run(STRANGER, 'export last week')).toBe('The export is for marketing and admins; `/leads stats` shows the figures.');

    // A workspace owner can take the role.
    expect(await run(OWNER, 'settings')).toBe('You are Leadloop’s first admin. Add the others in the settings.');
  });
});
