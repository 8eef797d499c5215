import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fakeSlack.js';
import { uniqueDatabaseUri } from './support/testDatabase.js';
import { aLead, eventually, INTAKE_TOKEN } from './support/testApp.js';
import { startAppProcess } from './support/appProcess.js';

const slack = new FakeSlack();
const database = uniqueDatabaseUri();
beforeAll(async () => {
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
  await database.drop();
});

describe('on SIGTERM', () => {
  it('turns not-ready, lets the post in flight finish, closes and exits 0 within 10 s', async () => {
    const app = await startAppProcess({ SLACK_API_URL: slack.url, MONGODB_URI: database.uri });
    const url = app.url;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // Slack takes 2 s to answer this post: it is in flight when the signal comes.
    slack.failNext('chat.postMessage', { delayMs: 2000 });
    const res = await fetch(`${url}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}` },
      body: JSON.stringify(aLead({ contact: { email: 'sigterm@example.com' } })),
    });
    const { id } = (await res.json()) as { id: string };
    await eventually(() => slack.callsTo('chat.postMessage').length === 1, 10_000, 'the post to start');

    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    const code = await app.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(app.output()).toContain('"event":"stopping"');
    expect(app.output()).toContain('Leadloop stopped');

    // The post that was in flight was finished and recorded, not dropped.
    const client = await MongoClient.connect(database.uri);
    const lead = await client.db().collection('leads').findOne({ _id: new ObjectId(id) });
    await client.close();
    expect(lead?.post.status).toBe('posted');
    expect(slack.accepted('chat.postMessage')).toHaveLength(1);
  });
});
