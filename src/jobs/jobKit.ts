import type { BackoffStrategy, Job, JobDefinition } from 'agenda';
import type { Lead } from '../leads/lead.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { LeadPoster, Route } from '../usecases/postLead.js';
import type { ActiveDefinition } from '../usecases/leadDefinition.js';
import type { DigestOutcome } from '../usecases/weeklyDigest.js';
import type { QueueRoster } from '../usecases/serviceLevels.js';
import { leadById } from '../usecases/readLead.js';
import type { JobTiming } from './timing.js';

export type LeadJob = { leadId: string };
/** A service-level notice to send about a lead (recorded in its history already). */
export type NoticeJob = { leadId: string; kind: 'claim_reminder' | 'escalated' | 'first_touch_reminder'; assignee?: string | null };

/**
 * How a failure is to be treated, decided where the failing service is known
 * (for Slack, slack/slackErrors.ts) and handed to the jobs: a permanent one is
 * logged with its fix and not retried; a transient one is retried with
 * backoff; a rate limit waits its Retry-After.
 */
export type FailureClassifier = {
  classify(error: unknown): { permanent: boolean; code: string; fix?: string };
  retryAfterSeconds(error: unknown): number | undefined;
  /** What an admin must do about a permanent error code, if known. */
  fixFor(code: string): string | undefined;
};

/** What the jobs need from the rest of the app. */
export type JobDeps = {
  metrics: Metrics;
  poster: LeadPoster;
  refresh: (lead: Lead) => Promise<void>;
  /** Shows a lead as it is now, in order with its other updates; a failure is retried in the background. */
  present: (lead: Lead) => Promise<void>;
  /** Sends marketing the rejection; throws what Slack answered. */
  reportRejection: (lead: Lead) => Promise<void>;
  definition: () => Promise<ActiveDefinition>;
  now: () => Date;
  logger: Logger;
  timing: JobTiming;
  /** The team's time zone as set now. */
  timeZone: () => string;
  /** Reps who take escalated leads, in roster order. */
  roster: () => string[];
  /** The lead's queue: its reps (user groups expanded) in roster order, weights and daily cap; the sales roster for the default queue. */
  rosterFor?: (lead: Lead) => Promise<QueueRoster>;
  /** The reps' Slack time zones, for working hours. */
  timeZonesOf?: (userIds: string[]) => Promise<Map<string, string | undefined>>;
  /** Where routing sends a lead now (absent: every lead to the leads channel). */
  route?: (lead: Lead) => Promise<Route>;
  /** A lead went straight to the rep who owns its company: tell them. */
  tellAccountOwner?: (lead: Lead) => Promise<void>;
  /** A queue's channel refused a lead (gone, archived, Leadloop not in it): tell the admins. */
  channelGone?: (lead: Lead, queue: string, channel: string, code: string) => Promise<void>;
  /** Sends a service-level notice; throws what Slack answered. Skips leads that moved on. */
  sendNotice: (notice: NoticeJob, lead: Lead) => Promise<void>;
  /** The weekly digest: when (cron in timeZone, as set now; null when there is no digest channel) and how. */
  digest: { cron: () => string | null; send: (options?: { thisWeek?: boolean }) => Promise<DigestOutcome> };
  failures: FailureClassifier;
};

/** What a job's run gets: the app's deps, and the scheduling and retry tools shared by all jobs. */
export type JobContext = {
  deps: JobDeps;
  /** Notes a 429 on the job before it fails, so its backoff can tell Slack's pacing from a failure. */
  noteRateLimit(job: Job<object>, error: unknown): Promise<void>;
  /** The backoff of a job retried until Slack takes it. */
  backoff: BackoffStrategy;
  /** The backoff of a job given up after `max` real failures (rate limits never use them up). */
  upTo(max: number): BackoffStrategy;
  schedulePost(leadId: string): Promise<void>;
  scheduleRefresh(leadId: string): Promise<void>;
  scheduleNotice(notice: NoticeJob): Promise<void>;
  /** Which of these leads already have a job of this name queued (one query for all of them). */
  leadsWithJob(name: string, leadIds: string[]): Promise<Set<string>>;
};

/** What a job may set of agenda's definition. */
export type JobOptions = Partial<Pick<JobDefinition, 'lockLimit' | 'lockLifetime' | 'concurrency' | 'backoff'>>;

/** One kind of job: its name, its schedule if it recurs, its agenda options, and what a run does. */
export type LeadloopJob<D extends object = object> = {
  name: string;
  /** For recurring jobs: how often, from the timing. */
  every?: (timing: JobTiming) => string | number;
  options?: (ctx: JobContext) => JobOptions;
  run(job: Job<D>, ctx: JobContext): Promise<void>;
};

/**
 * A Slack call about one lead: retried (by the job's backoff) while it may
 * pass, logged with its fix and dropped when no retry can help.
 */
export function slackCallForLead<D extends LeadJob>(send: (deps: JobDeps, lead: Lead, data: D) => Promise<void>, failedEvent: string) {
  return async (job: Job<D>, ctx: JobContext): Promise<void> => {
    const lead = await leadById(job.attrs.data.leadId);
    if (!lead) return;
    try {
      await send(ctx.deps, lead, job.attrs.data);
    } catch (error) {
      const failure = ctx.deps.failures.classify(error);
      if (!failure.permanent) {
        await ctx.noteRateLimit(job, error);
        throw error;
      }
      ctx.deps.logger.error({ leadId: lead.id, slackError: failure.code, fix: failure.fix, event: failedEvent }, failure.fix ?? failure.code);
    }
  };
}
