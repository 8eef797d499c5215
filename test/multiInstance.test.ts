import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_CLAIM } from '../src/slack/blocks/leadMessage.js';
import { startAppProcess, type AppProcess } from './support/appProcess.js';
import { FakeSlack } from './support/fakeSlack.js';
import { buttonClick, signedInteraction } from './support/slackRequests.js';
import { uniqueDatabaseUri } from './support/testDatabase.js';
import { aLead, eventually, INTAKE_TOKEN, LEADS_CHANNEL, SIGNING_SECRET } from './support/testApp.js';

/** Three instances of Leadloop, as real processes, sharing one database and one (fake) Slack. */
const slack = new FakeSlack();
const database = uniqueDatabaseUri();
let instances: AppProcess[] = [];
let client: MongoClient;

beforeAll(async () => {
  await slack.start();
  client = await MongoClient.connect(database.uri);
  // Each instance has its own bot token here, so the fake Slack can tell who called.
  const start = (n: number) => startAppProcess({ SLACK_API_URL: slack.url, MONGODB_URI: database.uri, SLACK_BOT_TOKEN: `xoxb-instance-${n}`, LEADLOOP_POST_LOCK_MS: '3000' });
  instances = [await start(1)];
  // Two more, started together against the database the first one prepared.
  instances.push(...(await Promise.all([start(2), start(3)])));
}, 90_000);
afterAll(async () => {
  for (const instance of instances) instance.child.kill('SIGKILL');
  await client.close();
  await slack.stop();
  await database.drop();
});

const leads = () => client.db().collection('leads');
const messagesFor = (id: string) => [...slack.messages.values()].filter((m) => JSON.stringify(m.blocks).includes(id));

async function sendLead(instance: AppProcess, email: string): Promise<string> {
  const res = await fetch(`${instance.url}/api/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}` },
    body: JSON.stringify(aLead({ contact: { name: email, email } })),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('several instances on one database', () => {
  it('share one schedule for recurring work, however many started', async () => {
    const jobs = client.db().collection('jobs');
    for (const name of ['sweep-pending-posts', 'auto-accept-overdue']) {
      expect(await jobs.countDocuments({ name }), name).toBe(1);
    }
  });

  it('post every lead exactly once, whichever instance took it in', async () => {
    const ids = await Promise.all(Array.from({ length: 24 }, (_, i) => sendLead(instances[i % 3]!, `multi-${i}@example.com`)));
    await eventually(async () => (await leads().countDocuments({ 'post.status': 'posted' })) >= 24, 60_000, 'all posted');
    for (const id of ids) expect(messagesFor(id), id).toHaveLength(1);
    // The work was shared out, not done by one instance alone.
    const posters = new Set(slack.accepted('chat.postMessage').map((c) => c.token));
    expect(posters.size).toBeGreaterThan(1);
  }, 90_000);

  it('let exactly one rep win when 15 click Claim on three instances at once', async () => {
    const id = await sendLead(instances[0]!, 'multi-claim@example.com');
    const post = await eventually(() => slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id)), 30_000, 'the post');
    const reps = Array.from({ length: 15 }, (_, i) => `U0MULTI${String(i).padStart(3, '0')}`);
    const answers = await Promise.all(
      reps.map((userId, i) => {
        const request = signedInteraction(SIGNING_SECRET, buttonClick({ userId, actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: post.response!.ts }));
        return fetch(`${instances[i % 3]!.url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
      }),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const notes = await eventually(() => {
      const told = slack.accepted('chat.postEphemeral').filter((c) => reps.includes(c.args.user));
      return told.length >= 14 && told;
    }, 20_000, '14 notes');
    const lead = await leads().findOne({ _id: new ObjectId(id) });
    expect(reps).toContain(lead?.owner.userId);
    expect(lead?.history.filter((h: { event: string }) => h.event === 'claimed')).toHaveLength(1);
    expect(notes.map((n) => n.args.user).sort()).toEqual(reps.filter((r) => r !== lead?.owner.userId).sort());
  }, 60_000);

  it('lose nothing when an instance is killed in the middle of posting: another finishes, without a double post', async () => {
    // Slack takes 2 s to answer the next post: whoever sends it is killed meanwhile.
    slack.failNext('chat.postMessage', { delayMs: 2000 });
    const before = slack.callsTo('chat.postMessage').length;
    const id = await sendLead(instances[0]!, 'multi-kill@example.com');
    const inFlight = await eventually(() => slack.callsTo('chat.postMessage')[before], 30_000, 'the post in flight');
    const victim = instances.find((i) => inFlight.token === `xoxb-instance-${instances.indexOf(i) + 1}`)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    instances = instances.filter((i) => i !== victim);

    // The survivors take the job over once its lock runs out, find the message the
    // killed instance's post left, and record it instead of posting again.
    const lead = await eventually(async () => {
      const doc = await leads().findOne({ _id: new ObjectId(id) });
      return doc?.post.status === 'posted' && doc;
    }, 60_000, 'the post recorded by a survivor');
    expect(messagesFor(id)).toHaveLength(1);
    expect(lead.post.ts).toBe(messagesFor(id)[0]!.ts);

    // And the survivors keep working.
    const next = await sendLead(instances[0]!, 'multi-after-kill@example.com');
    await eventually(() => messagesFor(next).length === 1, 30_000, 'a new lead posted');
  }, 90_000);
});
