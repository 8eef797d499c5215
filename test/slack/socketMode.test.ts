import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_CLAIM } from '../../src/slack/blocks/leadMessage.js';
import { FakeSocketMode } from '../support/fakeSocketMode.js';
import { buttonClick } from '../support/slackRequests.js';
import { aLead, eventually, LEADS_CHANNEL, startTestApp, type TestApp } from '../support/testApp.js';

const socket = new FakeSocketMode();
let app: TestApp;
beforeAll(async () => {
  await socket.start();
  app = await startTestApp({ env: { SLACK_APP_TOKEN: 'xapp-1-A111-test' }, beforeStart: (slack) => (slack.socketModeUrl = socket.url) });
});
afterAll(async () => {
  await app.stop();
  await socket.stop();
});

describe('with SLACK_APP_TOKEN set (Socket Mode)', () => {
  it('connects over the WebSocket with the app token, and a Claim arriving there is acked and processed', async () => {
    expect(app.config.slack.socketMode).toBe(true);
    // One call checks the token at start-up, the next opens the connection.
    const open = app.slack.callsTo('apps.connections.open');
    expect(open.map((c) => c.token)).toEqual(['xapp-1-A111-test', 'xapp-1-A111-test']);
    expect(socket.connections).toBe(1);

    // Intake still works over HTTP on PORT.
    const res = await app.postLead(aLead({ contact: { name: 'Sock Et', email: 'socket@example.com' } }));
    const { id } = (await res.json()) as { id: string };
    const post = await eventually(() => app.slack.accepted('chat.postMessage')[0], 5000, 'the post');

    await socket.deliverInteractive(buttonClick({ userId: 'U0SOCKET1', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: post.response!.ts }));
    const update = await eventually(() => app.slack.accepted('chat.update')[0], 5000, 'chat.update');
    expect(JSON.stringify(update.args.blocks)).toContain('Claimed by <@U0SOCKET1>');
  });

  it('does not serve /slack/events over HTTP, so nothing unverified gets in that way', async () => {
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
  });
});
