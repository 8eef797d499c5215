import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { ObjectId, type Db } from 'mongodb';
import { ALL_JOBS } from './all.js';
import { failuresOf, retryDelayMs, type RateLimitCount } from './backoff.js';
import type { JobContext, JobDeps, LeadJob, NoticeJob } from './jobKit.js';

export { DEFAULT_TIMING, type JobTiming } from './timing.js';
export type { JobDeps, NoticeJob } from './jobKit.js';

export type Jobs = {
  start(): Promise<void>;
  stop(drainMs?: number): Promise<void>;
  schedulePost(leadId: string): Promise<void>;
  scheduleRefresh(leadId: string): Promise<void>;
  scheduleRejectionReport(leadId: string): Promise<void>;
  /** Applies the stored notices of one CRM delivery in the background. */
  scheduleCrmNotices(noticeIds: string[]): Promise<void>;
  /** Runs the weekly digest job now (as the schedule would); the run record still allows one per week. */
  /** Runs the digest job now: last week's, or with `thisWeek` the week so far (the sandbox's button). */
  runDigestNow(options?: { thisWeek?: boolean }): Promise<void>;
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
export function createJobs(db: Db, deps: JobDeps): Jobs {
  const { logger, timing } = deps;
  // A name of this process's own: agenda writes it on each job it locks, so
  // idle() can see the jobs this instance has locked but not yet listed.
  const instance = `leadloop-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const agenda = new Agenda({
    name: instance,
    backend: new MongoBackend({ mongo: db, collection: 'jobs' }),
    processEvery: timing.processEvery,
    defaultLockLifetime: 2 * 60_000,
    // Lock only a few due jobs per type at a time: with thousands queued
    // (a Slack outage), locking them all each poll is thousands of writes,
    // and leaves fewer for other instances to share.
    defaultLockLimit: 4,
  });
  const backoff = (ctx: { attempt: number; error: Error; jobData?: unknown }) =>
    retryDelayMs(failuresOf(ctx), { baseMs: timing.retryBaseMs, maxMs: timing.retryMaxMs, retryAfterSeconds: deps.failures.retryAfterSeconds(ctx.error) });
  /** Retries until `max` real failures; rate limits never use them up. */
  const upTo = (max: number) => (ctx: { attempt: number; error: Error; jobData?: unknown }) => (failuresOf(ctx) > max ? null : backoff(ctx));
  /** Notes a 429 in the job's data before it fails, so the backoff can tell Slack's pacing from a failure. */
  const noteRateLimit = async (job: Job<object>, error: unknown) => {
    if (deps.failures.retryAfterSeconds(error) === undefined) return;
    const data = (job.attrs.data ?? {}) as RateLimitCount;
    data.rateLimited = (data.rateLimited ?? 0) + 1;
    job.attrs.data = data;
    // agenda saves a failed job's state without its data: keep the count for the next runs too.
    await db
      .collection('jobs')
      .updateOne({ _id: new ObjectId(String(job.attrs._id)) }, { $set: { 'data.rateLimited': data.rateLimited } })
      .catch((failure: unknown) => logger.warn({ err: failure, event: 'job_rate_limit_note_failed' }, 'could not note a rate limit on a job'));
  };

  const context: JobContext = {
    deps,
    noteRateLimit,
    backoff,
    upTo,
    schedulePost: (leadId) => schedulePost(leadId),
    scheduleRefresh: (leadId) => scheduleRefresh(leadId),
    async scheduleNotice(notice) {
      await agenda.create<NoticeJob>('service-level-notice', notice).save();
    },
    async leadsWithJob(name, leadIds) {
      if (leadIds.length === 0) return new Set();
      const jobs = await db
        .collection<{ data?: { leadId?: string } }>('jobs')
        .find({ name, 'data.leadId': { $in: leadIds } }, { projection: { _id: 0, 'data.leadId': 1 } })
        .toArray();
      return new Set(jobs.map((job) => String(job.data?.leadId)));
    },
  };
  // One definition per file (src/jobs/*.ts), registered here.
  for (const kind of ALL_JOBS) {
    agenda.define(kind.name, (job: Job<never>) => kind.run(job, context), kind.options?.(context) ?? {});
  }

  agenda.on('error', (error: Error) => logger.error({ err: error, event: 'jobs_error' }, 'job scheduler error'));
  // A failed run is otherwise only a field on the job's record: say so where an operator looks.
  // (Another instance's failures arrive here too, marked remote: that instance logged them.)
  agenda.on('fail', (error: Error, job: Job, remote?: boolean) => {
    if (remote === true) return;
    logger.warn({ err: error, job: job.attrs.name, failures: job.attrs.failCount, event: 'job_failed' }, `background job ${job.attrs.name} failed`);
  });

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
      for (const kind of ALL_JOBS) if (kind.every) await agenda.every(kind.every(timing), kind.name);
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
    async scheduleCrmNotices(noticeIds) {
      await agenda.now('apply-crm-notices', { noticeIds });
    },
    scheduleDigest,
    async runDigestNow(options = {}) {
      await agenda.now('weekly-digest', options.thisWeek ? { thisWeek: true } : {});
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
        // Due jobs, and jobs this instance has locked: agenda locks a job in the
        // database first and lists it as locked only when the database answers,
        // so in between it is neither due nor listed. Agenda unlocks it in the
        // database before saying it is complete.
        const waiting = await db.collection('jobs').countDocuments({
          $or: [
            { nextRunAt: { $lte: new Date() }, lockedAt: null, disabled: { $ne: true } },
            { lastModifiedBy: instance, lockedAt: { $ne: null } },
          ],
        });
        if (busy === 0 && waiting === 0) {
          agenda.off('complete', done);
          return { waited: round > 0 };
        }
        // Something runs or is due: this instance's next poll runs it, and says
        // so. Looked at again after a poll's time at the latest, as a lock agenda
        // hands back unrun (its lock limit) ends without a 'complete'.
        let poll: NodeJS.Timeout | undefined;
        await Promise.race([finished, new Promise<void>((resolve) => (poll = setTimeout(resolve, timing.processEvery)))]);
        clearTimeout(poll);
        agenda.off('complete', done);
      }
    },
  };
}
