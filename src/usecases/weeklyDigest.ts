import type { Logger } from '../logger.js';
import type { Comparison, StatsReport } from '../reports/statsReport.js';
import { headlineFigures, leadStats, weeklyCounts } from '../storage/leadReports.js';
import { localDate, precedingPeriod, previousWeek, weekContaining, type Period } from '../reports/periods.js';

/** One week of the digest's trend: its Monday (MM-DD) and headline counts. */
export type TrendWeek = { label: string; leadsIn: number; accepted: number; won: number };

/** How many weeks the digest's trend shows, ending with the digest's week. */
const TREND_WEEKS = 8;
import { beginDigestRun, markDigestSent, releaseDigestRun } from '../storage/digestRunRepository.js';
import type { DefinitionPerformance } from '../definition/performance.js';
import { howTheDefinitionPerforms } from './definitionPerformance.js';
import type { ActiveDefinition } from './leadDefinition.js';

/** Where the digest goes; the Slack adapter implements it. */
export type DigestPoster = {
  /** Posts the digest (summary, then detail in its thread); answers where the summary landed. */
  post(week: string, current: StatsReport, previous: Comparison, trend: TrendWeek[], monthly?: { performance: DefinitionPerformance; version: number }): Promise<{ channelId: string; ts: string }>;
  /** The week's digest, if an earlier attempt posted it and then failed to record it. */
  findPosted(week: string, since: Date): Promise<{ channelId: string; ts: string } | null>;
};

export type DigestOutcome = 'sent' | 'already_sent' | 'busy' | 'found_earlier';

/** Long enough for the figures and two Slack calls; a crashed run's week is free again after it. */
const LEASE_MS = 5 * 60_000;

/** What a report needs: the period's figures with their breakdown, and the period before's headline. */
export async function reportWithPrevious(period: Period, timeZone: string, filter: Parameters<typeof leadStats>[1] = {}, options: { byRep?: boolean } = {}) {
  const before = precedingPeriod(period, timeZone);
  const [current, figures] = await Promise.all([leadStats(period, filter, 5, options), headlineFigures(before, filter)]);
  return { current, previous: { period: before, figures } satisfies Comparison };
}

/**
 * Sends the digest of the week before `now`, once: the week is claimed in
 * the database before anything is posted, a sent week is never sent again,
 * and a retry after an unrecorded post finds that post instead of sending
 * another. Slack errors propagate for the job to retry.
 */
export async function sendWeeklyDigest(
  now: Date,
  deps: { timeZone: string; poster: DigestPoster; logger: Logger; definition: () => Promise<ActiveDefinition> },
  options: { thisWeek?: boolean } = {},
): Promise<DigestOutcome> {
  // The week before, as scheduled; or, asked for on demand (the sandbox), the week so far.
  const week = options.thisWeek ? weekContaining(now, deps.timeZone) : previousWeek(now, deps.timeZone);
  // The scheduled digest goes out once a week; one asked for on demand is its own run, and never
  // stands in for the scheduled one of that week.
  const key = options.thisWeek ? `${localDate(week.start, deps.timeZone)} so far, ${now.toISOString()}` : localDate(week.start, deps.timeZone);
  const run = await beginDigestRun(key, now, LEASE_MS);
  if (run.kind === 'sent') return 'already_sent';
  if (run.kind === 'busy') return 'busy';
  try {
    const earlier = run.attempts > 0 ? await deps.poster.findPosted(key, run.firstStartedAt) : null;
    if (earlier) {
      await markDigestSent(key, earlier.channelId, earlier.ts, now);
      return 'found_earlier';
    }
    const { current, previous, trend } = await digestFigures(week, deps.timeZone);
    // The first digest of each month also says how the definition performs (the last 90 days).
    const firstOfMonth = localDate(now, deps.timeZone).slice(0, 7) !== localDate(new Date(now.getTime() - 7 * 24 * 3_600_000), deps.timeZone).slice(0, 7);
    const active = firstOfMonth ? await deps.definition() : null;
    const monthly = active ? { performance: await howTheDefinitionPerforms(now, active), version: active.version } : undefined;
    const posted = await deps.poster.post(key, current, previous, trend, monthly);
    await markDigestSent(key, posted.channelId, posted.ts, now);
    deps.logger.info({ week: key, leadsIn: current.figures.leadsIn, event: 'digest_sent' }, `weekly digest sent for ${week.label}`);
    return 'sent';
  } catch (error) {
    await releaseDigestRun(key, now).catch(() => undefined);
    throw error;
  }
}

/** Everything the digest of a week shows: its report, the week before, and the trend up to it. */
export async function digestFigures(week: Period, timeZone: string) {
  const weeks = [week];
  while (weeks.length < TREND_WEEKS) weeks.unshift(precedingPeriod(weeks[0]!, timeZone));
  const [{ current, previous }, counts] = await Promise.all([reportWithPrevious(week, timeZone), weeklyCounts(weeks)]);
  const trend: TrendWeek[] = counts.map((c) => ({ label: localDate(c.period.start, timeZone).slice(5), leadsIn: c.leadsIn, accepted: c.accepted, won: c.won }));
  return { current, previous, trend };
}
