import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../support/appProcess.js';
import { FakeSlack } from '../support/fakeSlack.js';
import { leadDocument } from '../support/leadHistories.js';
import { uniqueDatabaseUri } from '../support/testDatabase.js';
import { eventually, INTAKE_TOKEN } from '../support/testApp.js';

/** A real Leadloop process killed while CRM events are in flight, then another one taking the retries. */
const slack = new FakeSlack();
const database = uniqueDatabaseUri();
const processes: AppProcess[] = [];
let client: MongoClient;
const LEADS = 60;
const ids: string[] = [];

beforeAll(async () => {
  await slack.start();
  client = await MongoClient.connect(database.uri);
  // Leads a rep claimed and accepted: a CRM's "meeting booked" (sql) moves each on once.
  const docs = Array.from({ length: LEADS }, (_, i) =>
    leadDocument({ receivedAt: new Date(Date.now() - 3_600_000), qualifies: true, reminded: false, firstTouchReminded: false, claim: { afterMin: 5, by: 'U0REPA0001', escalated: false }, verdict: { kind: 'accept' }, furthest: 'sal' }, 9000 + i),
  );
  await client.db().collection('leads').insertMany(docs);
  ids.push(...docs.map((d) => String(d._id)));
}, 30_000);
afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await client.close();
  await slack.stop();
  await database.drop();
});

const start = async () => {
  const app = await startAppProcess({ SLACK_API_URL: slack.url, MONGODB_URI: database.uri, LEADLOOP_IDEMPOTENCY_LEASE_MS: '2000', INTAKE_RATE_LIMIT_PER_MINUTE: '1000000' });
  processes.push(app);
  return app;
};
const send = (app: AppProcess, i: number) =>
  fetch(`${app.url}/api/leads/${ids[i]}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}`, 'idempotency-key': `crm-event-${i}` },
    body: JSON.stringify({ stage: 'sql' }),
  });

describe('an instance killed mid-request', () => {
  it('leaves no Idempotency-Key stuck: after the lease each retry is processed once, and a finished one replays', async () => {
    const first = await start();
    // Everything at once; the process dies as the first answer comes back, with the rest in flight.
    const inFlight = Array.from({ length: LEADS }, (_, i) => send(first, i).then((r) => r.status, () => 'dropped' as const));
    await Promise.race(inFlight);
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(inFlight);
    const keys = client.db().collection('idempotency');
    const stuck = await keys.countDocuments({ status: null });
    expect(stuck).toBeGreaterThan(0); // the crash did catch requests mid-way

    const second = await start();
    const answers = await Promise.all(
      Array.from({ length: LEADS }, (_, i) =>
        eventually(async () => {
          const res = await send(second, i);
          return res.status === 409 ? undefined : res.status;
        }, 20_000, `the retry of event ${i}`),
      ),
    );
    expect(answers.filter((s) => s !== 200)).toEqual([]);
    for (const id of ids) {
      const lead = await client.db().collection('leads').findOne({ _id: new ObjectId(id) });
      expect(lead!.history.filter((e: { event: string }) => e.event === 'meeting')).toHaveLength(1);
    }
    // A finished key replays its answer.
    const again = await send(second, 0);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  }, 60_000);
});
