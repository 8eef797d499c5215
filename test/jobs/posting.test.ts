import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { buttonClick } from '../support/slackRequests.js';
import { aLead, eventually, useTestApp } from '../support/testApp.js';

const app = useTestApp();

const leads = () => mongoose.connection.db!.collection('leads');
/** Messages Slack holds for this lead: what people in the channel would see. */
const messagesFor = (id: string) => [...app().slack.messages.values()].filter((m) => JSON.stringify(m.blocks).includes(id));

async function sendLeads(n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await app().postLead(aLead({ contact: { name: `Storm ${i}`, email: `${tag}-${i}@example.com` } }));
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

describe('when Slack is rate limiting and failing', () => {
  it('posts every lead exactly once in the end, honouring Retry-After', async () => {
    app().slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 3);
    app().slack.failNext('chat.postMessage', { status: 500 }, 6);
    app().slack.failNext('chat.postMessage', { status: 503 }, 4);
    app().slack.failNext('chat.postMessage', { error: 'internal_error' }, 2);
    const ids = await sendLeads(12, 'storm');

    await eventually(async () => (await leads().countDocuments({ 'post.status': 'posted', _id: { $in: ids.map((id) => new mongoose.Types.ObjectId(id)) } })) === 12, 60_000, 'all 12 posted');
    for (const id of ids) expect(messagesFor(id)).toHaveLength(1);

    // Each 429 said "Retry-After: 1": no post was tried again within that second.
    const calls = app().slack.callsTo('chat.postMessage');
    const limited = calls.filter((c) => c.status === 429);
    expect(limited).toHaveLength(3);
    for (const hit of limited) {
      const next = calls.find((c) => c.at > hit.at && c !== hit);
      expect(next!.at - hit.at).toBeGreaterThanOrEqual(950);
    }
    expect(calls.length).toBe(12 + 3 + 6 + 4 + 2);
    // Each failed attempt told the operator why (the 429s are Slack's pacing, waited out, not failures).
    const failed = app().logs.lines.filter((l) => l.event === 'job_failed' && l.job === 'post-lead').map((l) => (l.err as { message?: string }).message);
    expect(failed.filter((m) => m?.includes('statusCode = 500'))).toHaveLength(6);
    expect(failed.filter((m) => m?.includes('statusCode = 503'))).toHaveLength(4);
    expect(failed.filter((m) => m?.includes('internal_error'))).toHaveLength(2);
    expect(failed).toHaveLength(12);
  });

  it('does not post twice when Slack took the message but the answer was lost', async () => {
    app().slack.failNext('chat.postMessage', { dropAfterSuccess: true });
    const [id] = await sendLeads(1, 'lost-answer');
    await eventually(async () => (await leads().findOne({ _id: new mongoose.Types.ObjectId(id) }))?.post.status === 'posted', 20_000, 'posted');
    expect(messagesFor(id!)).toHaveLength(1);
    expect(app().slack.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
    const stored = await leads().findOne({ _id: new mongoose.Types.ObjectId(id) });
    expect(stored?.post.ts).toBe(messagesFor(id!)[0]!.ts);
  });
});

describe('when Slack refuses for a reason retrying cannot fix', () => {
  it('marks the lead failed with the reason, logs the fix, and stops retrying', async () => {
    app().slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const [id] = await sendLeads(1, 'not-invited');
    const stored = await eventually(async () => {
      const lead = await leads().findOne({ _id: new mongoose.Types.ObjectId(id) });
      return lead?.post.status === 'failed' && lead;
    }, 10_000, 'failed status');
    expect(stored.post.error).toBe('not_in_channel');
    expect(stored.stage).toBe('mql');

    const logged = await eventually(() => app().logs.lines.find((l) => l.event === 'lead_post_failed' && l.leadId === id), 5000, 'the log line');
    expect(logged).toMatchObject({ slackError: 'not_in_channel', fix: expect.stringContaining('/invite @Leadloop') });
    await app().running.idle();
    expect(app().slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('when a lead was stored but its post was never scheduled (a crash in between)', () => {
  /** A lead stored five minutes ago whose post is still pending. */
  const pendingLead = (name: string) => {
    const receivedAt = new Date(Date.now() - 5 * 60_000);
    return {
      _id: new mongoose.Types.ObjectId(),
      contact: { name, email: `${name}@example.com`, emailKey: `${name}@example.com` },
      company: { name: 'Crashco' },
      qualification: {},
      stage: 'mql',
      owner: null,
      post: { status: 'pending' },
      receivedAt,
      history: [{ at: receivedAt, by: { kind: 'api' }, from: null, to: 'mql', event: 'received' }],
    };
  };

  it('is found by the sweep and posted', async () => {
    const { _id: id, ...rest } = pendingLead('orphan');
    await leads().insertOne({ _id: id, ...rest });
    // The sweep runs every minute in production; run it now instead of waiting.
    await mongoose.connection.db!.collection('jobs').updateOne({ name: 'sweep-pending-posts' }, { $set: { nextRunAt: new Date() } });
    await eventually(() => messagesFor(String(id)).length === 1, 15_000, 'the orphan posted');
  });

  it('leaves a waiting lead alone when its post is already scheduled, and schedules only the orphan beside it', async () => {
    const jobs = mongoose.connection.db!.collection('jobs');
    const waiting = pendingLead('waiting');
    const orphan = pendingLead('orphan2');
    await leads().insertMany([waiting, orphan]);
    // The waiting lead's post is scheduled for later (a retry after Slack's 429, say).
    await jobs.insertOne({ name: 'post-lead', data: { leadId: String(waiting._id) }, type: 'normal', priority: 0, nextRunAt: new Date(Date.now() + 3_600_000), lockedAt: null });
    // A sweep still finishing (the test before) would save its next run over ours: wait until it has.
    const sweep = await eventually(async () => {
      const job = await jobs.findOne({ name: 'sweep-pending-posts' });
      return job && job.lockedAt === null ? job : null;
    }, 15_000, 'the sweep at rest');
    await jobs.updateOne({ name: 'sweep-pending-posts' }, { $set: { nextRunAt: new Date() } });
    const finished = (job: Record<string, unknown> | null) => (job?.lastFinishedAt instanceof Date ? job.lastFinishedAt.getTime() : 0);
    await eventually(async () => finished(await jobs.findOne({ name: 'sweep-pending-posts' })) > finished(sweep), 15_000, 'the sweep');
    expect(await jobs.countDocuments({ name: 'post-lead', 'data.leadId': String(waiting._id) })).toBe(1);
    await eventually(() => messagesFor(String(orphan._id)).length === 1, 15_000, 'the orphan posted');
    expect(messagesFor(String(waiting._id))).toHaveLength(0);
  });
});

describe('when a claimed message cannot be updated right away', () => {
  it('retries the update in the background until Slack takes it', async () => {
    const [id] = await sendLeads(1, 'update-later');
    const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id!)), 5000, 'the post');
    app().slack.failNext('chat.update', { status: 500 }, 3);
    await app().interact(buttonClick({ userId: 'U0LATER01', actionId: 'lead_claim', value: id!, channelId: post.args.channel, messageTs: post.response!.ts }));
    const update = await eventually(() => app().slack.accepted('chat.update')[0], 15_000, 'the update');
    expect(JSON.stringify(update.args.blocks)).toContain('Claimed by <@U0LATER01>');
    expect(app().slack.callsTo('chat.update').length).toBe(4);
  });
});
