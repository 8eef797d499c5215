/**
 * How long the weekly digest's figures and `/leads stats 30d` take at 50,000,
 * 100,000 and 200,000 stored leads, each with a full recorded history.
 *
 * Needs MONGODB_URI. Run: MONGODB_URI=mongodb://… npm run bench:reports
 *
 * The leads arrive evenly over the year before the measured day, so a 30-day
 * period holds about 8% of them and a week about 2%. Each figure is the
 * median (and slowest) of 7 runs after one warm-up run; each run computes
 * what the digest or the command computes: the period and the period before
 * (and, for the digest, the eight weeks' trend for its chart).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { LeadModel } from '../src/storage/leadModel.js';
import { parsePeriod, previousWeek } from '../src/reports/periods.js';
import { digestFigures, reportWithPrevious } from '../src/usecases/weeklyDigest.js';
import { periodMatch, statsPipeline } from '../src/storage/leadReports.js';
import { leadDocument, planLeads } from '../test/support/leadHistories.js';

const base = process.env.MONGODB_URI;
if (!base) {
  console.error('Set MONGODB_URI (the benchmark creates and drops its own database there).');
  process.exit(1);
}
const sizes = (process.env.BENCH_SIZES ?? '50000,100000,200000').split(',').map(Number);
const timeZone = 'Europe/Berlin';
const now = new Date('2026-11-23T08:00:00Z');
const yearBefore = new Date(now.getTime() - 365 * 24 * 3_600_000);

const url = new URL(base);
url.pathname = `/leadloop_bench_reports_${randomBytes(4).toString('hex')}`;
await mongoose.connect(url.toString(), { autoIndex: false });
await LeadModel.createIndexes();

async function timed(run: () => Promise<unknown>, times = 7): Promise<{ median: number; max: number }> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
}

/** The plan the database chose for the pipeline's first stage, where it can say. */
async function planOf(period: { start: Date; end: Date; label: string }): Promise<string> {
  try {
    const explained = (await LeadModel.collection.aggregate(statsPipeline(period, {})).explain('queryPlanner')) as any;
    const text = JSON.stringify(explained);
    const index = /"indexName":"([^"]+)"/.exec(text)?.[1];
    return index ? `IXSCAN ${index}` : /COLLSCAN/.test(text) ? 'COLLSCAN' : 'unknown';
  } catch (error) {
    return `explain not supported here (${(error as Error).message.slice(0, 40)})`;
  }
}

const rows: string[] = [];
let stored = 0;
/** Times everything at the current size; `label` names the row. */
async function measure(label: string): Promise<{ digest: number; stats: number; byRep: number }> {
  const week = previousWeek(now, timeZone);
  const thirty = parsePeriod('30d', now, timeZone);
  if (!thirty.ok) throw new Error(thirty.message);
  const [weekLeads, thirtyLeads] = await Promise.all([
    LeadModel.countDocuments(periodMatch(week, {})),
    LeadModel.countDocuments(periodMatch(thirty.period, {})),
  ]);
  const digest = await timed(() => digestFigures(week, timeZone));
  const stats = await timed(() => reportWithPrevious(thirty.period, timeZone));
  const byRep = await timed(() => reportWithPrevious(thirty.period, timeZone, {}, { byRep: true }));
  const filtered = await timed(() => reportWithPrevious(thirty.period, timeZone, { source: 'webinar' }));
  // 30 days two years back hold no leads: what is left is the cost of finding the period's leads among all stored.
  const empty = parsePeriod('2024-10-01..2024-10-30', now, timeZone);
  if (!empty.ok) throw new Error(empty.message);
  const none = await timed(() => reportWithPrevious(empty.period, timeZone));
  rows.push(
    `| ${label} | ${weekLeads} | ${digest.median.toFixed(0)} / ${digest.max.toFixed(0)} ms | ${thirtyLeads} | ${stats.median.toFixed(0)} / ${stats.max.toFixed(0)} ms | ${byRep.median.toFixed(0)} / ${byRep.max.toFixed(0)} ms | ${filtered.median.toFixed(0)} / ${filtered.max.toFixed(0)} ms | ${none.median.toFixed(0)} ms | ${await planOf(thirty.period)} |`,
  );
  console.log(rows.at(-1));
  return { digest: digest.median, stats: stats.median, byRep: byRep.median };
}

async function addLeads(count: number, range: { from: Date; to: Date }, seed: number) {
  for (let done = 0; done < count; done += 50_000) {
    const plans = planLeads(Math.min(50_000, count - done), range, seed + done);
    for (let i = 0; i < plans.length; i += 5_000) {
      await LeadModel.collection.insertMany(plans.slice(i, i + 5_000).map((p, j) => leadDocument(p, stored + i + j)), { ordered: false });
    }
    stored += plans.length;
  }
}

try {
  let last = { digest: 0, stats: 0, byRep: 0 };
  for (const size of sizes) {
    await addLeads(size - stored, { from: yearBefore, to: now }, size);
    last = await measure(size.toLocaleString('en-US'));
  }
  // The same leads in the periods, many more stored before them: does the cost follow the period or the table?
  const older = Number(process.env.BENCH_OLDER_TO ?? 0);
  if (older > stored) {
    const base = stored;
    await addLeads(older - stored, { from: new Date(yearBefore.getTime() - 4 * 365 * 24 * 3_600_000), to: new Date(yearBefore.getTime() - 24 * 3_600_000) }, 7_777);
    const big = await measure(`${stored.toLocaleString('en-US')} (the ${base.toLocaleString('en-US')} above and ${(stored - base).toLocaleString('en-US')} older)`);
    console.log(`ratio to ${base.toLocaleString('en-US')} stored: digest ${(big.digest / last.digest).toFixed(2)}×, 30d stats ${(big.stats / last.stats).toFixed(2)}×, 30d by:rep ${(big.byRep / last.byRep).toFixed(2)}×`);
  }
  console.log(`\ndatabase: ${url.host} (${process.env.BENCH_DB_LABEL ?? 'MONGODB_URI'}), Node ${process.version}`);
  console.log('| stored leads | leads in last week | digest (week, week before, 8-week trend), median / max | leads in 30 days | /leads stats 30d, median / max | 30d by:rep, median / max | 30d source:webinar | 30d without leads | plan |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
}
