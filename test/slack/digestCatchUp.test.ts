import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { eventually, startTestApp } from '../support/testApp.js';
import { uniqueDatabaseUri } from '../support/testDatabase.js';

const DIGEST = 'C0DIGEST001';
const env = { DIGEST_CHANNEL_ID: DIGEST, TZ: 'Europe/Berlin' };
const now = () => new Date('2026-11-17T10:00:00Z'); // a Tuesday

async function jobs<T>(uri: string, use: (jobs: ReturnType<ReturnType<MongoClient['db']>['collection']>) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(uri);
  try {
    return await use(client.db().collection('jobs'));
  } finally {
    await client.close();
  }
}

describe('a digest due while Leadloop was down', () => {
  it('goes out when Leadloop starts again, and only then', async () => {
    const database = uniqueDatabaseUri();
    const first = await startTestApp({ env, now, database: { uri: database.uri, drop: async () => undefined } });
    // A normal start schedules the next Monday and sends nothing.
    await first.running.idle();
    expect(first.slack.callsTo('chat.postMessage')).toHaveLength(0);
    await first.stop();

    // Leadloop was down over the Monday 09:00 run.
    await jobs(database.uri, (c) => c.updateOne({ name: 'weekly-digest' }, { $set: { nextRunAt: new Date(Date.now() - 3_600_000) } }));
    const second = await startTestApp({ env, now, database });
    try {
      const digest = await eventually(() => second.slack.accepted('chat.postMessage').find((c) => c.args.channel === DIGEST), 10_000, 'the caught-up digest');
      expect(digest.args.text).toMatch(/^Weekly leads digest · week of 2026-11-09/);
      const job = await jobs(database.uri, (c) => c.findOne({ name: 'weekly-digest', type: 'single' }));
      expect(job!.nextRunAt.getTime()).toBeGreaterThan(Date.now());
      await second.running.idle();
      expect(second.slack.accepted('chat.postMessage').filter((c) => c.args.channel === DIGEST && !c.args.thread_ts)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
