import { describe, expect, it } from 'vitest';
import { leadSteps } from '../support/leadSteps.js';
import { signedHomeOpened } from '../support/slackRequests.js';
import { eventually, SIGNING_SECRET, useTestApp } from '../support/testApp.js';

// No roles anywhere: a team's first minutes.
const app = useTestApp();
const leads = leadSteps(app);

describe('a fresh install with no roles', () => {
  it('shows each person a Home that says how the team gets started, and no lead', async () => {
    await leads.intake({ contact: { name: 'Early Lead', email: 'early@example.com' } });
    const request = signedHomeOpened(SIGNING_SECRET, 'U0ANYONE01');
    expect((await fetch(`${app().url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body })).status).toBe(200);
    const home = JSON.stringify(await eventually(() => app().slack.homes.get('U0ANYONE01'), 5000, 'the Home'));
    expect(home).toContain('Getting started with Leadloop');
    expect(home).toContain('A Slack workspace owner or admin runs `/leads settings`');
    expect(home).not.toContain('Early Lead');
    const help = ((await (await app().command('U0ANYONE01', 'help')).json()) as { text: string }).text;
    expect(help).toContain('Nobody has a Leadloop role yet: a Slack workspace owner or admin starts by running `/leads settings`.');
  });

  it('leaves an opened Home alone when a lead changes, since it shows no lead', async () => {
    const request = signedHomeOpened(SIGNING_SECRET, 'U0CLAIMER1');
    expect((await fetch(`${app().url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body })).status).toBe(200);
    await eventually(() => app().slack.homes.get('U0CLAIMER1'), 5000, 'the Home');
    const { id, ts } = await leads.intake({ contact: { name: 'Claimed Early', email: 'claimed-early@example.com' } });
    await leads.claim(id, ts!, 'U0CLAIMER1');
    // The lead's message shows its owner; the claimer's Home is not drawn again.
    await eventually(() => app().slack.callsTo('chat.update').some((c) => JSON.stringify(c.args.blocks ?? '').includes('U0CLAIMER1')), 5000, 'the message showing the owner');
    await app().running.homesIdle();
    expect(app().slack.callsTo('views.publish').filter((c) => c.args.user_id === 'U0CLAIMER1')).toHaveLength(1);
    expect(JSON.stringify(app().slack.homes.get('U0CLAIMER1'))).toContain('Getting started with Leadloop');
  });
});
