/**
 * Posting benchmark: how long posting a burst of qualified leads takes when
 * they all go to one channel, and when routing spreads them over four queue
 * channels, against the fake Slack Web API keeping a per-channel pace (with
 * short bursts) and answering 429 + Retry-After past it, as Slack does.
 * Prints posts per second for each and the ratio.
 *
 * The fake's pace is Slack's, about one message a second per channel
 * (BENCH_POSTS_PER_SECOND, default 1, with bursts within a second): 2,000
 * leads take over half an hour on one channel. A faster pace shortens the
 * run but soon meets what one instance takes per second (16 posts).
 *
 * Needs MONGODB_URI. Run: MONGODB_URI=mongodb://… npm run bench:posting
 * (BENCH_POSTING_LEADS, default 2000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { leadloopScript, mongoBaseOrExit, startProcess, stopProcess } from './processes.js';

const LEADS = Number(process.env.BENCH_POSTING_LEADS ?? 2000);
const PACE = process.env.BENCH_POSTS_PER_SECOND ?? '1';
const TOKEN = 'bench-intake-token-0123456789';
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
const mongoBase = mongoBaseOrExit();
const leadloopApp = leadloopScript();

const fakeSlack = await startProcess('bench/fakeSlackProcess.ts', { BENCH_POSTS_PER_SECOND: PACE }, /fake slack listening at \S+/);
const slackUrl = /fake slack listening at (\S+)/.exec(fakeSlack.output)![1]!;

const COUNTRIES = ['DE', 'US', 'JP', 'BR'];
const dir = mkdtempSync(join(tmpdir(), 'leadloop-bench-'));
const routingFile = join(dir, 'routing.yml');
writeFileSync(
  routingFile,
  `queues:
  - { name: EMEA, channel: C0BEMEA001, reps: [U0BREP0001], when: { region: [EMEA] } }
  - { name: NA, channel: C0BNA00001, reps: [U0BREP0002], when: { region: [NA] } }
  - { name: APAC, channel: C0BAPAC001, reps: [U0BREP0003], when: { region: [APAC] } }
  - { name: LATAM, channel: C0BLATAM01, reps: [U0BREP0004], when: { region: [LATAM] } }
`,
);

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/leads', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const results: Array<{ name: string; seconds: number; perSecond: number }> = [];
for (const [n, scenario] of [
  { name: 'one channel', env: {} as Record<string, string> },
  { name: 'four queue channels', env: { ROUTING_FILE: routingFile } },
].entries()) {
  const dbName = `leadloop_bench_${randomBytes(4).toString('hex')}`;
  const dbUri = `${mongoBase.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`)}`;
  const port = 38201 + n;
  const { child } = await startProcess(
    leadloopApp.script,
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: slackUrl,
      LEADS_CHANNEL_ID: 'C0BENCH0001',
      INTAKE_API_TOKEN: TOKEN,
      INTAKE_RATE_LIMIT_PER_MINUTE: '10000000',
      MONGODB_URI: dbUri,
      PORT: String(port),
      ...scenario.env,
    },
    new RegExp(`Leadloop is running|"port":${port}`),
    leadloopApp.nodeArgs,
  );
  const client = await MongoClient.connect(dbUri);
  const leads = client.db().collection('leads');
  const started = Date.now();
  const bodies = Array.from({ length: LEADS }, (_, i) =>
    JSON.stringify({
      contact: { name: `Bench ${i}`, email: `bench-posting-${i}@example.com` },
      company: { name: `Company ${i}`, domain: `company${i}.example`, size: '201-500', industry: 'Logistics', country: COUNTRIES[i % COUNTRIES.length] },
      source: 'bench',
      qualification: { need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' },
    }),
  );
  for (let i = 0; i < bodies.length; i += 16) {
    const statuses = await Promise.all(bodies.slice(i, i + 16).map((b) => post(port, b)));
    if (statuses.some((s) => s !== 201)) throw new Error(`intake answered ${statuses.join(',')}`);
  }
  // Polling the database is the benchmark's clock, not the app's.
  for (;;) {
    const posted = await leads.countDocuments({ 'post.status': 'posted' });
    if (posted >= LEADS) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (Date.now() - started) / 1000;
  const channels = await leads.distinct('post.channelId');
  results.push({ name: scenario.name, seconds, perSecond: LEADS / seconds });
  console.log(`${scenario.name}: ${LEADS} leads posted in ${seconds.toFixed(1)} s (${(LEADS / seconds).toFixed(1)} posts/s) over ${channels.length} channel(s), fake Slack pace ${PACE}/s per channel`);
  await client.db().dropDatabase();
  await client.close();
  await stopProcess(child);
}
await stopProcess(fakeSlack.child);
const [one, four] = results;
console.log(`four channels vs one: ${(four!.perSecond / one!.perSecond).toFixed(2)}× the posts per second`);
agent.destroy();
