import { spawn, type ChildProcess } from 'node:child_process';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fakeSlack.js';
import { uniqueDatabaseUri } from './support/testDatabase.js';
import { aLead, eventually, INTAKE_TOKEN } from './support/testApp.js';

const slack = new FakeSlack();
const database = uniqueDatabaseUri();
beforeAll(async () => {
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
  await database.drop();
});

/** The app as a real process; resolves once it logs that it is running, with its port and output. */
function startApp(): Promise<{ child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.url,
        LEADS_CHANNEL_ID: 'C0LEADS0001',
        INTAKE_API_TOKEN: INTAKE_TOKEN,
        MONGODB_URI: database.uri,
        PORT: '0',
      },
    });
    let output = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdout.on('data', (d) => {
      output += d;
      const running = /"port":(\d+),"mode":"http","msg":"Leadloop is running"/.exec(output);
      if (running) resolve({ child, port: Number(running[1]), output: () => output, exited });
    });
    child.stderr.on('data', (d) => (output += d));
    void exited.then((code) => reject(new Error(`app exited (${code}) before it ran: ${output}`)));
  });
}

describe('on SIGTERM', () => {
  it('turns not-ready, lets the post in flight finish, closes and exits 0 within 10 s', async () => {
    const app = await startApp();
    const url = `http://127.0.0.1:${app.port}`;
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
