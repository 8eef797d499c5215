import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { aLead, eventually, useTestApp } from '../support/testApp.js';

// The production backoff's shape: 2 s, doubling, up to a minute.
const app = useTestApp({ timing: { retryBaseMs: 2_000, retryMaxMs: 60_000 } });

describe('posting while Slack paces the channel', () => {
  it('waits out each 429 for its Retry-After and no longer: rate limits do not grow the backoff', async () => {
    app().slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 4);
    const res = await app().postLead(aLead({ contact: { name: 'Paced Lead', email: 'paced@example.com' } }));
    const { id } = (await res.json()) as { id: string };
    // Growing the backoff on every 429 would take 2 + 4 + 8 + 16 s; Retry-After alone is about 4 s.
    await eventually(async () => (await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) }))?.post.status === 'posted', 12_000, 'the post');
    const calls = app().slack.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 429, 429, 429, 200]);
    for (let i = 1; i < calls.length; i++) {
      const waited = calls[i]!.at - calls[i - 1]!.at;
      expect(waited).toBeGreaterThanOrEqual(950);
      expect(waited).toBeLessThan(2_600); // 1 s, under a second of jitter, and the job poll
    }
  }, 20_000);

  it('keeps the exponential backoff for Slack’s failures, counted from the first real failure', async () => {
    app().slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    app().slack.failNext('chat.postMessage', { status: 503 }, 1);
    const res = await app().postLead(aLead({ contact: { name: 'Failed Once', email: 'failed-once@example.com' } }));
    const { id } = (await res.json()) as { id: string };
    await eventually(async () => (await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) }))?.post.status === 'posted', 12_000, 'the post');
    const calls = app().slack.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 429, 503, 200]);
    // After the 503, the first step of the backoff (2 s ± 25%), not the third.
    const waited = calls[3]!.at - calls[2]!.at;
    expect(waited).toBeGreaterThanOrEqual(1_400);
    expect(waited).toBeLessThan(3_200);
  }, 20_000);
});
