import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM } from '../../src/slack/blocks/leadMessage.js';
import { leadSteps } from '../support/leadSteps.js';
import { buttonClick, signedHomeOpened } from '../support/slackRequests.js';
import { eventually, LEADS_CHANNEL, SIGNING_SECRET, useTestApp } from '../support/testApp.js';

const REPS = Array.from({ length: 8 }, (_, i) => `U0BUDGET0${i}`);
// Slack's views.publish allowance, scaled down so the test sees it: 600 a minute (one every 100 ms), three at once.
const BUDGET = { perMinute: 600, burst: 3 };
const app = useTestApp({ env: { LEADLOOP_SALES: REPS.join(',') }, homePublishBudget: BUDGET });
const leads = leadSteps(app);

describe('Home tabs within Slack’s views.publish budget', () => {
  it('publishes a whole team’s Homes no faster than the budget allows, and each ends showing its own claim', async () => {
    const posted: Array<{ id: string; ts: string | null }> = [];
    for (const [i] of REPS.entries()) posted.push(await leads.intake({ contact: { name: `Budget ${i}`, email: `budget-${i}@example.com` } }));
    for (const rep of REPS) {
      const opened = signedHomeOpened(SIGNING_SECRET, rep);
      expect((await fetch(`${app().url}/slack/events`, { method: 'POST', headers: opened.headers, body: opened.body })).status).toBe(200);
    }
    // Every rep claims one lead at once: every click is answered at once; the Homes follow within the budget.
    const clicks = await Promise.all(
      REPS.map((rep, i) => app().interact(buttonClick({ userId: rep, actionId: ACTION_CLAIM, value: posted[i]!.id, channelId: LEADS_CHANNEL, messageTs: posted[i]!.ts! }))),
    );
    expect(clicks.map((r) => r.status)).toEqual(REPS.map(() => 200));
    for (const [i, rep] of REPS.entries()) {
      await eventually(() => JSON.stringify(app().slack.homes.get(rep)?.blocks ?? null).includes(`Your open leads (1)`) && JSON.stringify(app().slack.homes.get(rep)).includes(`Budget ${i}`), 10_000, `${rep}'s Home`);
    }
    await app().running.homesIdle();
    const publishes = app().slack.callsTo('views.publish').map((c) => c.at);
    // However the calls fell, none came sooner than the budget allows: the burst, then one per 100 ms.
    const first = publishes[0]!;
    publishes.forEach((at, n) => expect(n + 1).toBeLessThanOrEqual(BUDGET.burst + Math.floor((at - first) / 100) + 1));
    expect(publishes.length).toBeGreaterThanOrEqual(REPS.length);
  });
});
