/**
 * Import benchmark: a 50,000-row HubSpot-style export posted to
 * POST /api/leads/import on a real app process (fake Slack in its own
 * process, posting as fast as Slack allows in the background). Prints rows/s
 * and the app's peak resident memory (sampled from /metrics while it runs).
 * Needs MONGODB_URI. Run: MONGODB_URI=mongodb://… npm run bench:import
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { leadloopScript, mongoBaseOrExit, startProcess } from './processes.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const TOKEN = 'bench-intake-token-0123456789';
const mongoBase = mongoBaseOrExit();
const leadloopApp = leadloopScript();

/** A HubSpot contacts export's columns (test/fixtures/exports/SOURCES.md), ROWS distinct people. */
function exportFile(): string {
  const header = '"Record ID","First Name","Last Name","Email","Phone Number","Job Title","Company Name","Website URL","Country/Region","Number of Employees","Industry","Original Source","Lifecycle Stage","Message"';
  const countries = ['Germany', 'France', 'United States', 'Spain', 'Netherlands'];
  const lines = [header];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`"${100000 + i}","First${i}","Last${i}","bench${i}@import${i % 500}.example","+49 30 ${String(1000000 + i)}","Head of Ops","Company ${i % 500}","https://www.import${i % 500}.example","${countries[i % 5]}","${(i % 2000) + 1}","Logistics","Offline Sources","Lead","Met at the fair"`);
  }
  return `${lines.join('\n')}\n`;
}

const fakeSlack = await startProcess('bench/fakeSlackProcess.ts', { BENCH_POSTS_PER_SECOND: '1' }, /fake slack listening at \S+/);
const slackUrl = /fake slack listening at (\S+)/.exec(fakeSlack.output)![1]!;
const dbName = `leadloop_bench_import_${randomBytes(4).toString('hex')}`;
const dbUri = Object.assign(new URL(mongoBase), { pathname: `/${dbName}` }).toString();
const port = 38201;
await startProcess(leadloopApp.script, { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: slackUrl, LEADS_CHANNEL_ID: 'C0BENCH0001', INTAKE_API_TOKEN: TOKEN, MONGODB_URI: dbUri, PORT: String(port), INTAKE_RATE_LIMIT_PER_MINUTE: '10000000' }, /Leadloop is running|"port":38201/, leadloopApp.nodeArgs);
const url = `http://127.0.0.1:${port}`;

async function residentBytes(): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('leadloop_process_resident_memory_bytes '));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

const body = exportFile();
const before = await residentBytes();
let peak = before;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    peak = Math.max(peak, await residentBytes().catch(() => peak));
    await new Promise((r) => setTimeout(r, 200));
  }
})();
const started = performance.now();
// The whole file's answers, as a marketer back from a trade show gives them.
const res = await fetch(`${url}/api/leads/import?campaign=bench-fair&answer.need=some&answer.budget=planned&answer.authority=influencer&answer.timeline=this_quarter`, {
  method: 'POST',
  headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
  body,
});
const answer = (await res.json()) as { created?: number; merged?: number; refused?: unknown[] };
const seconds = (performance.now() - started) / 1000;
sampling = false;
await sampler;
if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(answer).slice(0, 500)}`);

const client = await MongoClient.connect(dbUri);
const stored = await client.db(dbName).collection('leads').countDocuments();
await client.db(dbName).dropDatabase();
await client.close();
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
console.log(`database: ${new URL(mongoBase).host}
import of ${ROWS.toLocaleString('en-US')} rows (${mb(Buffer.byteLength(body))} MB, HubSpot export columns): ${seconds.toFixed(1)} s, ${(ROWS / seconds).toFixed(0)} rows/s
  created ${answer.created}, merged ${answer.merged}, refused ${answer.refused?.length}; ${stored} leads stored
  app resident memory: ${mb(before)} MB before, peak ${mb(peak)} MB (+${mb(peak - before)} MB)`);
process.exit(0);
