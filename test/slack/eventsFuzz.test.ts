import fc from 'fast-check';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, ACTION_RELEASE, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { slackFixture } from '../support/fixtures.js';
import { leadSteps } from '../support/leadSteps.js';
import { buttonClick, homeButtonClick, signedCommand, signedInteraction, slackSignature } from '../support/slackRequests.js';
import { LEADS_CHANNEL, SIGNING_SECRET, useTestApp } from '../support/testApp.js';

const REP = 'U0REPA0001';
const app = useTestApp({ env: { LEADLOOP_SALES: REP, LEADLOOP_ADMINS: 'U0ADMIN001' } });
const leads = leadSteps(app);

/** Every stored lead with its history length and owner: a request that changes nothing leaves this as it was. */
async function snapshot() {
  const docs = await mongoose.connection.db!.collection('leads').find({}, { projection: { history: 1, owner: 1, stage: 1 } }).toArray();
  return JSON.stringify(docs.map((d) => [String(d._id), d.history.length, d.owner?.userId ?? null, d.stage]).sort());
}

const nasty = fc.oneof(fc.string(), fc.constantFrom('<!channel>', '__proto__', 'constructor', '\u0000', '💥'.repeat(200), 'a'.repeat(4000), '%E0%A4%A', '{"$ne":null}', '6740a1b2c3d4e5f601234567'));
const userId = fc.oneof(fc.constantFrom('U0STRANGE1', 'U0ADMIN001', 'W0OTHER001'), nasty);
const ACTIONS = [ACTION_CLAIM, ACTION_RELEASE, 'lead_open', 'lead_list_page', 'lead_erase', 'definition_approve', 'definition_propose', ...(['accept', 'reject', 'contacted', 'meeting', 'opportunity', 'won', 'lost'] as const).map(stepActionId)];

/** Requests as Slack would sign them, with hostile content, and requests Slack would never send. */
const request = fc.oneof(
  // A slash command with any text.
  fc.record({ user: userId, text: fc.oneof(nasty, fc.constantFrom('stats', 'list', 'find x', 'forget a@b.co', 'settings', 'export', 'away until 2026-02-30', 'stats by:rep source:"x')) }).map(({ user, text }) => {
    const signed = signedCommand(SIGNING_SECRET, { userId: user, text, channelId: LEADS_CHANNEL });
    return { headers: signed.headers, body: signed.body };
  }),
  // A button of ours, with any value, on a message or on a Home tab.
  fc.record({ user: userId, action: fc.constantFrom(...ACTIONS), value: nasty, home: fc.boolean() }).map(({ user, action, value, home }) => {
    const payload = home ? homeButtonClick({ userId: user, actionId: action, value }) : buttonClick({ userId: user, actionId: action, value, channelId: LEADS_CHANNEL, messageTs: '1.000100' });
    return signedInteraction(SIGNING_SECRET, payload);
  }),
  // Slack's Events API: Home opened by anyone, and the URL check.
  fc.record({ user: userId, challenge: nasty, verification: fc.boolean() }).map(({ user, challenge, verification }) => {
    const base = slackFixture<Record<string, any>>('event_callback_app_home_opened.json');
    const body = JSON.stringify(verification ? { type: 'url_verification', token: 'x', challenge } : { ...base, event_id: `Ev${Math.random()}`, event: { ...base.event, user } });
    const timestamp = Math.floor(Date.now() / 1000);
    return { body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body) } };
  }),
  // Garbage, signed or not, in any content type.
  fc.record({ body: fc.oneof(nasty, fc.string().map((s) => `payload=${s}`), fc.jsonValue().map((v) => JSON.stringify(v))), type: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'), sign: fc.boolean() }).map(({ body, type, sign }) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return { body, headers: { 'content-type': type, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign ? slackSignature(SIGNING_SECRET, timestamp, body) : 'v0=00' } };
  }),
);

describe('POST /slack/events under random and hostile input', () => {
  it('only ever answers 2xx or 4xx, never crashes, and changes no stored lead', async () => {
    const { id, ts } = await leads.intake({ contact: { name: 'Fuzz Target', email: 'fuzz-target@example.com' } });
    await leads.claim(id, ts!, REP);
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(request, async ({ headers, body }) => {
        const res = await fetch(`${app().url}/slack/events`, { method: 'POST', headers, body });
        await res.arrayBuffer();
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 120, seed: Number(process.env.FUZZ_SEED ?? 20261130) },
    );
    expect(await snapshot()).toBe(before);
    // Still working: the owner can go on.
    await leads.step(id, ts!, REP, 'accept');
  }, 120_000);
});
