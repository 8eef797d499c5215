import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { ObjectId, type Db } from 'mongodb';
import type { Logger } from '../logger.js';
import { leadsWaitingToBePosted, postLead, type LeadPoster } from '../usecases/postLead.js';
import { leadById } from '../usecases/readLead.js';
import type { Lead } from '../leads/lead.js';
import { classifySlackError, fixFor, retryAfterSeconds } from '../slack/slackErrors.js';
import { failuresOf, retryDelayMs, type RateLimitCount } from './backoff.js';
import type { Metrics } from '../ops/metrics.js';
import { autoAcceptOverdue } from '../usecases/autoAccept.js';
import type { ActiveDefinition } from '../usecases/leadDefinition.js';
import { checkServiceLevels } from '../usecases/serviceLevels.js';
import type { DigestOutcome } from '../usecases/weeklyDigest.js';

export type JobTiming = {
  /** How often each instance looks for due jobs. */
  processEvery: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often stored-but-unscheduled posts are looked for. */
  sweepEvery: string;
  /** A pending post younger than this is still in its normal path. */
  sweepGraceMs: number;
  /** How often claimed leads are checked against the verdict window. */
  autoAcceptEvery: string;
  /**
   * How long a post job stays locked to one instance. A post takes at most
   * the Slack timeout (10 s) twice, so 30 s is safe; after an instance dies,
   * another takes its posts over this soon.
   */
  postLockMs: number;
  /** How often leads are checked against the service levels (an interval such as "1 minute", or ms). */
  serviceLevelsEvery: string | number;
};

export const DEFAULT_TIMING: JobTiming = {
  processEvery: 1000,
  retryBaseMs: 2000,
  retryMaxMs: 5 * 60_000,
  sweepEvery: '1 minute',
  sweepGraceMs: 60_000,
  autoAcceptEvery: '5 minutes',
  postLockMs: 30_000,
  serviceLevelsEvery: '1 minute',
};

type LeadJob = { leadId: string };
/** A service-level notice to send about a lead (recorded in its history already). */
export type NoticeJob = { leadId: string; kind: 'claim_reminder' | 'escalated' | 'first_touch_reminder'; assignee?: string | null };

export type Jobs = {
  start(): Promise<void>;
  stop(drainMs?: number): Promise<void>;
  schedulePost(leadId: string): Promise<void>;
  scheduleRefresh(leadId: string): Promise<void>;
  scheduleRejectionReport(leadId: string): Promise<void>;
  /** Runs the weekly digest job now (as the schedule would); the run record still allows one per week. */
  runDigestNow(): Promise<void>;
  /** Runs the service-level sweep now; resolves when that run has finished. */
  runServiceLevelsNow(): Promise<void>;
  /**
   * Resolves once no job is running, locked or queued here and none is due
   * in the database: the background work a change set off is done. Waits on
   * agenda's events, not on time.
   */
  idle(): Promise<{ waited: boolean }>;
  /** Puts the digest on the schedule as set now (after a settings change). */
  scheduleDigest(): Promise<void>;
};

/**
 * Work that must survive restarts and Slack outages runs as agenda jobs in
 * MongoDB: agenda's lock makes one instance run each job, and the backoff
 * below spaces retries. A post retries until Slack takes it; only errors no
 * retry can fix (see slackErrors) stop it.
 */
export function createJobs(
  db: Db,
  deps: {
    metrics: Metrics;
    poster: LeadPoster;
    refresh: (lead: Lead) => Promise<void>;
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
    /** Sends a service-level notice; throws what Slack answered. Skips leads that moved on. */
    sendNotice: (notice: NoticeJob, lead: Lead) => Promise<void>;
    /** The weekly digest: when (cron in timeZone, as set now; null when there is no digest channel) and how. */
    digest: { cron: () => string | null; send: () => Promise<DigestOutcome> };
  },
): Jobs {
  const { logger, timing } = deps;
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'jobs' }),
    processEvery: timing.processEvery,
    defaultLockLifetime: 2 * 60_000,
    // Lock only a few due jobs per type at a time: with thousands queued
    // (a Slack outage), locking them all each poll is thousands of writes,
    // and leaves fewer for other instances to share.
    defaultLockLimit: 4,
  });
  const backoff = (ctx: { attempt: number; error: Error; jobData?: unknown }) =>
    retryDelayMs(failuresOf(ctx), { baseMs: timing.retryBaseMs, maxMs: timing.retryMaxMs, retryAfterSeconds: retryAfterSeconds(ctx.error) });
  /** Retries until `max` real failures; rate limits never use them up. */
  const upTo = (max: number) => (ctx: { attempt: number; error: Error; jobData?: unknown }) => (failuresOf(ctx) > max ? null : backoff(ctx));
  /** Notes a 429 in the job's data before it fails, so the backoff can tell Slack's pacing from a failure. */
  const noteRateLimit = async (job: Job<object>, error: unknown) => {
    if (retryAfterSeconds(error) === undefined) return;
    const data = (job.attrs.data ?? {}) as RateLimitCount;
    data.rateLimited = (data.rateLimited ?? 0) + 1;
    job.attrs.data = data;
    // agenda saves a failed job's state without its data: keep the count for the next runs too.
    await db
      .collection('jobs')
      .updateOne({ _id: new ObjectId(String(job.attrs._id)) }, { $set: { 'data.rateLimited': data.rateLimited } })
      .catch((failure: unknown) => logger.warn({ err: failure, event: 'job_rate_limit_note_failed' }, 'could not note a rate limit on a job'));
  };

  agenda.define<LeadJob>(
    'post-lead',
    async (job: Job<LeadJob>) => {
      const { leadId } = job.attrs.data;
      try {
        const outcome = await postLead(leadId, { poster: deps.poster, now: deps.now });
        logger.info({ leadId, outcome, event: 'lead_post' }, `lead post ${outcome}`);
        if (outcome === 'posted') deps.metrics.leadsPosted.inc();
        if (outcome === 'failed_permanently') {
          const lead = await leadById(leadId);
          const code = lead?.post.status === 'failed' ? lead.post.error : 'unknown';
          logger.error(
            { leadId, slackError: code, fix: fixFor(code), event: 'lead_post_failed' },
            `lead could not be posted and will not be retried: ${fixFor(code) ?? code}`,
          );
        }
      } catch (error) {
        await noteRateLimit(job, error);
        logger.warn({ leadId, slackError: classifySlackError(error).code, event: 'lead_post_retry' }, 'lead post failed; will retry');
        throw error;
      }
    },
    // One post at a time per instance: Slack takes about one message a second
    // per channel anyway, leads appear in the order they arrived, and a 429
    // stops the next post rather than racing one already in flight.
    { concurrency: 1, backoff, lockLifetime: timing.postLockMs },
  );

  /**
   * A Slack call about one lead: retried (by the job's backoff) while it may
   * pass, logged with its fix and dropped when no retry can help.
   */
  const slackCallForLead = <D extends LeadJob>(send: (lead: Lead, data: D) => Promise<void>, failedEvent: string) => async (job: Job<D>) => {
    const lead = await leadById(job.attrs.data.leadId);
    if (!lead) return;
    try {
      await send(lead, job.attrs.data);
    } catch (error) {
      const failure = classifySlackError(error);
      if (!failure.permanent) {
        await noteRateLimit(job, error);
        throw error;
      }
      logger.error({ leadId: lead.id, slackError: failure.code, fix: failure.fix, event: failedEvent }, failure.fix);
    }
  };

  agenda.define<LeadJob>('refresh-lead-message', slackCallForLead<LeadJob>(deps.refresh, 'message_refresh_failed'), {
    concurrency: 2,
    backoff: upTo(20),
  });

  agenda.define('sweep-pending-posts', async () => {
    const before = new Date(deps.now().getTime() - timing.sweepGraceMs);
    for (const leadId of await leadsWaitingToBePosted(before, 500)) {
      const scheduled = await db.collection('jobs').countDocuments({ name: 'post-lead', 'data.leadId': leadId }, { limit: 1 });
      if (scheduled === 0) {
        logger.warn({ leadId, event: 'lead_post_rescheduled' }, 'found a stored lead whose post was never scheduled');
        await schedulePost(leadId);
      }
    }
  });

  agenda.define<LeadJob>('report-rejection', slackCallForLead<LeadJob>(deps.reportRejection, 'rejection_report_failed'), {
    concurrency: 1,
    backoff: upTo(50),
  });

  agenda.define('auto-accept-overdue', async () => {
    const { definition } = await deps.definition();
    for (const lead of await autoAcceptOverdue(deps.now(), definition)) {
      logger.info({ leadId: lead.id, event: 'lead_auto_accepted' }, 'no verdict within the window: counted as accepted');
      await scheduleRefresh(lead.id);
    }
  });

  agenda.define('service-levels', async () => {
    const { definition } = await deps.definition();
    const notices = await checkServiceLevels({ now: deps.now(), definition, timeZone: deps.timeZone(), roster: deps.roster() });
    for (const notice of notices) {
      const assignee = notice.kind === 'escalated' ? notice.assignee : undefined;
      logger.info({ leadId: notice.lead.id, assignee, event: `lead_${notice.kind}` }, `service level: ${notice.kind.replace(/_/g, ' ')}`);
      await agenda.create<NoticeJob>('service-level-notice', { leadId: notice.lead.id, kind: notice.kind, ...(assignee !== undefined ? { assignee } : {}) }).save();
      if (assignee) await scheduleRefresh(notice.lead.id);
    }
  });

  agenda.define<NoticeJob>(
    'service-level-notice',
    slackCallForLead<NoticeJob>((lead, notice) => deps.sendNotice(notice, lead), 'service_notice_failed'),
    { concurrency: 2, backoff: upTo(20) },
  );

  agenda.define(
    'weekly-digest',
    async (job: Job<object>) => {
      if (deps.digest.cron() === null) return;
      const outcome = await deps.digest.send().catch(async (error: unknown) => {
        await noteRateLimit(job, error);
        throw error;
      });
      logger.info({ outcome, event: 'digest_run' }, `weekly digest: ${outcome.replace(/_/g, ' ')}`);
    },
    { concurrency: 1, backoff: upTo(30) },
  );

  agenda.on('error', (error: Error) => logger.error({ err: error, event: 'jobs_error' }, 'job scheduler error'));

  /**
   * Its own job each time: coalescing with unique() lost a refresh asked for
   * while the previous one ran (agenda's save of the finished job overwrote
   * it). Every refresh renders the lead's current state, so extras are harmless.
   */
  async function scheduleRefresh(leadId: string): Promise<void> {
    await agenda.create<LeadJob>('refresh-lead-message', { leadId }).save();
  }

  /**
   * Puts the weekly digest on its schedule (or takes it off without a
   * digest channel). every() moves the next run to the next slot; a slot
   * missed while no instance ran (agenda's clock is the real one) is caught
   * up at once, and the run record keeps that to one digest per week. At
   * start-up this runs before the scheduler starts, so whether a missed run
   * is sent is this rule, not a race with the scheduler's first poll.
   */
  async function scheduleDigest(): Promise<void> {
    const cron = deps.digest.cron();
    if (cron === null) {
      await agenda.cancel({ name: 'weekly-digest' });
      return;
    }
    const scheduled = await db.collection('jobs').findOne({ name: 'weekly-digest', type: 'single' });
    await agenda.every(cron, 'weekly-digest', undefined, { timezone: deps.timeZone(), skipImmediate: true });
    if (scheduled?.nextRunAt instanceof Date && scheduled.nextRunAt <= new Date()) {
      logger.info({ missed: scheduled.nextRunAt, event: 'digest_catch_up' }, 'the weekly digest was due while Leadloop was down: sending it now');
      await agenda.now('weekly-digest');
    }
  }

  /**
   * A plain insert: intake schedules a lead's post exactly once (see
   * intakeLead), and the sweep only schedules leads that have no job.
   */
  async function schedulePost(leadId: string): Promise<void> {
    await agenda.create<LeadJob>('post-lead', { leadId }).save();
  }

  return {
    async start() {
      // Scheduling a lead's job looks it up by lead id (unique()); without this
      // index every intake would scan the whole jobs collection.
      await db.collection('jobs').createIndex({ name: 1, 'data.leadId': 1 }, { name: 'job_lead' });
      await scheduleDigest();
      await agenda.start();
      await agenda.every(timing.sweepEvery, 'sweep-pending-posts');
      await agenda.every(timing.autoAcceptEvery, 'auto-accept-overdue');
      await agenda.every(timing.serviceLevelsEvery, 'service-levels');
    },
    /**
     * Lets running jobs finish for up to `drainMs`; any still running then are
     * unlocked, so another instance takes them over at once.
     */
    async stop(drainMs = 5_000) {
      // Agenda prepares its collection in the background from construction;
      // let that finish so closing the database cannot interrupt it.
      await agenda.ready.catch(() => undefined);
      const drained = await agenda.drain({ timeout: drainMs, closeConnection: false });
      if (drained.timedOut) {
        logger.warn({ running: drained.running, event: 'jobs_unlocked' }, 'jobs still running at shutdown were handed back');
        await agenda.stop(false);
      }
    },
    schedulePost,
    scheduleRefresh,
    async scheduleRejectionReport(leadId) {
      await agenda.create<LeadJob>('report-rejection', { leadId }).save();
    },
    scheduleDigest,
    async runDigestNow() {
      await agenda.now('weekly-digest');
    },
    async runServiceLevelsNow() {
      const job = await agenda.now('service-levels');
      const id = String(job.attrs._id);
      // This run, not the recurring one that may finish meanwhile.
      await new Promise<void>((resolve) => {
        const done = (finished: Job) => {
          if (String(finished.attrs._id) !== id) return;
          agenda.off('complete:service-levels', done);
          resolve();
        };
        agenda.on('complete:service-levels', done);
      });
    },
    async idle() {
      for (let round = 0; ; round++) {
        // Listening before looking, so a job that finishes in between is not missed.
        let done = () => undefined as void;
        const finished = new Promise<void>((resolve) => (done = resolve));
        agenda.once('complete', done);
        const stats = await agenda.getRunningStats();
        const count = (value: number | unknown[]) => (typeof value === 'number' ? value : value.length);
        const busy = count(stats.runningJobs) + count(stats.lockedJobs) + count(stats.queuedJobs);
        const due = await db.collection('jobs').countDocuments({ nextRunAt: { $lte: new Date() }, lockedAt: null, disabled: { $ne: true } });
        if (busy === 0 && due === 0) {
          agenda.off('complete', done);
          return { waited: round > 0 };
        }
        // Something runs or is due: this instance's next poll runs it, and says so.
        await finished;
      }
    },
  };
}
