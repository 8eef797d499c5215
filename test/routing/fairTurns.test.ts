import { spawn } from 'node:child_process';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueDatabaseUri } from '../support/testDatabase.js';

/** Three processes escalating one queue's leads at once, on one database: the turns stay fair. */
const database = uniqueDatabaseUri();
let client: MongoClient;
beforeAll(async () => {
  client = await MongoClient.connect(database.uri);
});
afterAll(async () => {
  await client.close();
  await database.drop();
});

function worker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/escalateWorker.ts'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  let out = '';
  let err = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) resolve();
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}: ${err}`)));
  });
  const done = new Promise<Array<{ leadId: string; assignee: string }>>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n').filter(Boolean).at(-1)!)) : reject(new Error(`worker exited ${code}: ${err}`)))),
  );
  return { ready, done, go: () => child.stdin.write('go\n') };
}

describe('fair turns across instances', () => {
  it('gives 30 leads of a queue to 3 reps 10 each when 3 processes escalate at once, each lead once', async () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const remindedAt = new Date('2026-11-30T09:00:00Z');
    const leads = client.db().collection('leads');
    await leads.insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        _id: new ObjectId(),
        contact: { name: `Turn ${i}`, email: `turn-${i}@example.com`, emailKey: `turn-${i}@example.com` },
        company: { name: 'Acme', country: 'DE' },
        qualification: {},
        origin: 'marketing',
        stage: 'mql',
        owner: null,
        verdict: null,
        firstTouchAt: null,
        outcome: null,
        rejectedBy: [],
        post: { status: 'posted', channelId: 'C0EMEA0001', ts: `1764496800.${String(i).padStart(6, '0')}`, postedAt: remindedAt },
        queue: { name: 'EMEA', version: 1 },
        serviceLevel: { claimRemindedAt: remindedAt },
        receivedAt: remindedAt,
        history: [{ at: remindedAt, by: { kind: 'api' }, from: null, to: 'mql', event: 'received' }],
      })),
    );
    const env = { MONGODB_URI: database.uri, NOW: now.toISOString(), REPS: 'U0TURNA001,U0TURNB001,U0TURNC001' };
    const workers = [worker(env), worker(env), worker(env)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const given = (await Promise.all(workers.map((w) => w.done))).flat();

    // Each lead went to exactly one rep, once.
    expect(given).toHaveLength(30);
    expect(new Set(given.map((g) => g.leadId)).size).toBe(30);
    const stored = await leads.find({}).toArray();
    expect(stored.every((l) => l.stage === 'sal' && l.history.filter((h: any) => h.event === 'escalated').length === 1)).toBe(true);
    // And the turns were fair: 10 each, as the day's counts say too.
    const perRep = new Map<string, number>();
    for (const l of stored) perRep.set(l.owner.userId, (perRep.get(l.owner.userId) ?? 0) + 1);
    expect([...perRep.values()]).toEqual([10, 10, 10]);
    const turns = await client.db().collection('rep_turns').find({}).toArray();
    expect(turns.map((t) => [t.userId, t.count]).sort()).toEqual([['U0TURNA001', 10], ['U0TURNB001', 10], ['U0TURNC001', 10]]);
  }, 60_000);
});
