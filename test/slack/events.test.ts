import { describe, expect, it } from 'vitest';
import { slackFixture, slackFixtureText } from '../support/fixtures.js';
import { signedCommand, slackSignature } from '../support/slackRequests.js';
import { SIGNING_SECRET, useTestApp } from '../support/testApp.js';

const app = useTestApp();

/** An Events API delivery: JSON, signed, optionally marked as Slack's retry. */
function deliver(body: string, headers: Record<string, string> = {}) {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${app().url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
      ...headers,
    },
    body,
  });
}

describe('the Events API endpoint', () => {
  it('answers Slack’s url_verification with the challenge, so the request URL can be saved', async () => {
    const payload = slackFixture<{ challenge: string }>('url_verification.json');
    const res = await deliver(JSON.stringify(payload));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: payload.challenge });
  });

  it('acknowledges an app_home_opened event (and Slack’s retries of it) at once, so Slack does not keep retrying', async () => {
    const body = JSON.stringify(slackFixture('event_callback_app_home_opened.json'));
    const deliveries: Array<Record<string, string>> = [{}, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }];
    for (const retry of deliveries) {
      const res = await deliver(body, retry);
      expect(res.status).toBe(200);
    }
  });

  it('refuses an event with a stale timestamp (replay), as Bolt’s verification does', async () => {
    const body = slackFixtureText('slash_command.txt');
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await fetch(`${app().url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(old), 'x-slack-signature': slackSignature(SIGNING_SECRET, old, body) },
      body,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed request whose timestamp is more than five minutes in the future, and does not run it', async () => {
    const send = (timestamp: number) => {
      const request = signedCommand(SIGNING_SECRET, { userId: 'U0FUTURE01', text: 'help', timestamp });
      return fetch(`${app().url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    };
    const future = await send(Math.floor(Date.now() / 1000) + 6 * 60);
    expect(future.status).toBe(401);
    expect(await future.text()).not.toContain('What you can do');
    // A clock a little ahead of Slack's is fine: the command runs.
    const ahead = await send(Math.floor(Date.now() / 1000) + 60);
    expect(ahead.status).toBe(200);
    expect(await ahead.text()).toContain('What you can do');
  });
});
