import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import express from 'express';
import mongoose from 'mongoose';
import type { Config } from './config.js';
import { connectDatabase, databaseIsUp, type Database } from './db/database.js';
import { healthRoutes } from './http/healthRoutes.js';
import { requestLog } from './http/requestLog.js';
import { refuseFutureSlackTimestamps, slackBodyShape } from './http/slackRequestChecks.js';
import { createMetrics } from './ops/metrics.js';
import { closeServer, listen } from './http/server.js';
import { createSlackApp } from './slack/slackApp.js';
import { classifySlackError, fixFor, retryAfterSeconds } from './slack/slackErrors.js';
import { readinessRoutes, type Readiness } from './http/readinessRoutes.js';
import { bearerToken, perTokenRateLimit, wrongTokenLimit } from './http/apiMiddleware.js';
import { intakeRoutes } from './http/intakeRoutes.js';
import { leadEventRoutes } from './http/leadEventRoutes.js';
import { IdempotencyModel } from './storage/idempotencyRepository.js';
import { findLead } from './storage/leadRepository.js';
import { createKeyedQueue } from './util/keyedQueue.js';
import { createJobs, DEFAULT_TIMING, type JobTiming, type Jobs } from './jobs/jobs.js';
import type { Lead } from './leads/lead.js';
import type { Logger } from './logger.js';
import { createLeadMessages } from './slack/leadMessages.js';
import { registerListeners } from './slack/listeners/index.js';
import { registerErrorHandler } from './slack/errorHandler.js';
import { rejectionReport } from './slack/blocks/rejectionReport.js';
import { createDefinitionCache } from './usecases/definitionCache.js';
import { loadDefinitionFile } from './definition/definitionFile.js';
import { DefinitionVersionModel } from './storage/definitionModel.js';
import { ensureDefinition, restoreDefinition } from './usecases/leadDefinition.js';
import { createDigestPoster } from './slack/digestMessages.js';
import { reasonLabelsOf } from './slack/blocks/statsView.js';
import { createServiceNotices } from './slack/serviceNoticeMessages.js';
import { sendWeeklyDigest } from './usecases/weeklyDigest.js';
import { DigestRunModel } from './storage/digestRunRepository.js';
import { RepModel } from './storage/repRepository.js';
import { ErasureModel, recordReportMessage } from './storage/erasureRepository.js';
import { createHomeTabs, type HomeTabs } from './slack/homeTab.js';
import { createHomeContent } from './usecases/homeContent.js';
import { createLiveSettings, type LiveSettings } from './settings/liveSettings.js';
import { SettingsModel } from './storage/settingsRepository.js';

export type LeadloopOptions = {
  logger: Logger;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  timing?: Partial<JobTiming>;
  /** Retries the Web API client makes itself before a job's own backoff takes over. */
  slackRetries?: number;
  slackTimeoutMs?: number;
  /** How long a read of the active lead definition is reused (a change on another instance arrives within it). */
  definitionCacheMs?: number;
  /** How old the week's figures on a marketer's Home may be (default one minute). */
  homeFiguresMaxAgeMs?: number;
  /** How long /leads stats computes before it answers "working on it" and follows up (Slack allows 3 s). */
  commandAnswerMs?: number;
};

export type RunningLeadloop = {
  port: number;
  stop(): Promise<void>;
  /** Runs the weekly digest job now, as its schedule would (it still sends once per week). */
  runDigestNow(): Promise<void>;
  /** Resolves when no background Home redraw is running or waiting. */
  homesIdle(): Promise<void>;
  /** Runs the service-level sweep now (as its schedule would); resolves when it has finished. */
  runServiceLevelsNow(): Promise<void>;
  /**
   * Resolves when everything a change set off in the background is done:
   * message updates, Home redraws and due jobs (and what each of those set
   * off in turn). For tests, which wait for this instead of for time.
   */
  idle(): Promise<void>;
};

/**
 * Wires the app together: database, Slack (HTTP or Socket Mode), the HTTP
 * routes and the job runner. One HTTP port serves /slack/events, /api/leads
 * and /healthz.
 */
export async function startLeadloop(config: Config, options: LeadloopOptions): Promise<RunningLeadloop> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const timing = { ...DEFAULT_TIMING, ...options.timing };

  // A broken definition file stops start-up before anything else starts.
  const definitionFromFile = await loadDefinitionFile(config.definitionFile);
  const database = await connectDatabase(config, logger);
  const metrics = createMetrics(() => mongoose.connection.db, now);
  const http = express();
  http.disable('x-powered-by');
  if (config.trustProxyHops > 0) http.set('trust proxy', config.trustProxyHops);
  http.use(requestLog(logger, metrics));
  http.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  http.use('/slack/events', refuseFutureSlackTimestamps(), ...slackBodyShape());
  const { app, postingClient, verify } = createSlackApp(config, http, logger, metrics, { retries: options.slackRetries, timeoutMs: options.slackTimeoutMs });

  let jobs: Jobs | undefined;
  let liveSettings: LiveSettings | undefined;
  let server: Server | undefined;
  let homeTabs: HomeTabs | undefined;
  /** The in-process background work the app starts, for `idle()`. */
  const background: { messages: { idle(): Promise<{ waited: boolean }> } } = { messages: { idle: async () => ({ waited: false }) } };
  const readiness: Readiness = { jobsStarted: false, slackVerified: false, stopping: false };
  try {
    // The Slack checks come first, so a bad token stops start-up before
    // anything else (jobs, routes, the HTTP port) exists.
    await verify();
    readiness.slackVerified = true;
    await Promise.all([DefinitionVersionModel.createIndexes(), IdempotencyModel.createIndexes(), DigestRunModel.createIndexes(), RepModel.createIndexes(), ErasureModel.createIndexes(), SettingsModel.createIndexes()]);
    const seeded = await ensureDefinition(definitionFromFile, now());
    logger.info({ definitionVersion: seeded.version }, 'lead definition in force');
    const definitions = createDefinitionCache(options.definitionCacheMs ?? 5_000, Date.now, async () => {
      const { restored, active } = await restoreDefinition(definitionFromFile, config.definitionFile, now());
      if (restored) logger.error({ definitionVersion: active.version, event: 'definition_restored' }, `no lead definition was in force: ${config.definitionFile} is in force again as version ${active.version}`);
      return active;
    });
    const groupMembers = async (usergroup: string) => (await app.client.usergroups.users.list({ usergroup })).users ?? [];
    // What admins set in /leads settings, over the environment's values.
    const live = createLiveSettings({ config, groupMembers, logger });
    await live.refresh();
    liveSettings = live;
    const messages = createLeadMessages(app.client, postingClient, live.leadsChannelId, logger);
    const reportRejection = async (lead: Lead) => {
      const channel = live.digestChannelId();
      if (!channel) {
        logger.info({ leadId: lead.id, event: 'rejection_not_reported' }, 'no digest channel is set: rejection not reported to marketing');
        return;
      }
      const posted = await app.client.chat.postMessage({ channel, unfurl_links: false, ...rejectionReport(lead) });
      // Kept so that erasing the person later updates this message too.
      if (posted.ts) await recordReportMessage(lead.id, posted.channel ?? channel, posted.ts);
    };
    const reasonLabels = async () => reasonLabelsOf((await definitions.current()).definition);
    const digestPoster = createDigestPoster(postingClient, live.digestChannelId, reasonLabels, logger);
    if (!live.digestChannelId()) logger.info({ event: 'digest_off' }, 'no digest channel is set: no weekly digest');
    const homeContent = createHomeContent({ roles: live.roles, timeZone: live.timeZone, now, figuresMaxAgeMs: options.homeFiguresMaxAgeMs ?? 60_000 });
    const home = createHomeTabs({ client: app.client, content: homeContent, now, logger });
    homeTabs = home;
    /** The lead's message as the lead is now; its owner's Home follows in the background. */
    const showLead = async (lead: Lead) => {
      await messages.refresh(lead);
      if (lead.owner) home.changed(lead.owner.userId);
    };
    jobs = createJobs(mongoose.connection.db!, {
      metrics,
      poster: messages,
      refresh: showLead,
      reportRejection,
      definition: definitions.current,
      now,
      logger,
      timing,
      timeZone: live.timeZone,
      roster: () => live.roles.sales,
      sendNotice: createServiceNotices({ client: postingClient, definition: definitions.current, escalateTo: live.escalateTo, now, logger }),
      // How a failure is treated is Slack's knowledge: handed to the jobs, not imported by them.
      failures: { classify: classifySlackError, retryAfterSeconds, fixFor },
      digest: {
        cron: () => (live.digestChannelId() ? live.digestSchedule().cron : null),
        send: () => sendWeeklyDigest(now(), { timeZone: live.timeZone(), poster: digestPoster, logger }),
      },
    });
    const scheduledJobs = jobs;
    // Updates of one lead's message run in order and render the state as it is
    // when they run, so the last update Slack gets is the latest state.
    const refreshes = createKeyedQueue();
    background.messages = refreshes;
    const refreshMessage = (lead: Lead) =>
      refreshes.run(lead.id, async () => {
        try {
          await showLead((await findLead(lead.id)) ?? lead);
        } catch (error) {
          logger.warn({ leadId: lead.id, err: error, event: 'message_refresh_retry' }, 'message update failed; retrying in the background');
          await scheduledJobs.scheduleRefresh(lead.id);
        }
      });
    const schedulePost = (leadId: string) =>
      scheduledJobs.schedulePost(leadId).catch((error: unknown) => {
        // The lead is stored; the pending-post sweep will schedule it.
        logger.warn({ leadId, err: error, event: 'lead_post_schedule_failed' }, 'could not schedule the post now; the sweep will');
      });
    registerListeners(app, {
      metrics,
      now,
      logger,
      roles: live.roles,
      teamSettings: {
        current: live.settings,
        refresh: live.refresh,
        groupMembers,
        isWorkspaceAdmin: async (user) => {
          try {
            const { user: info } = await app.client.users.info({ user });
            return Boolean(info?.is_owner || info?.is_primary_owner || info?.is_admin);
          } catch (error) {
            // Not known to Slack, or Slack unreachable: nobody becomes admin on an unanswered question.
            logger.warn({ user, err: error, event: 'workspace_admin_check_failed' }, 'could not ask Slack whether this person is a workspace admin');
            return false;
          }
        },
        environmentAdmins: () => config.roles.admins,
        inForce: () => ({ leadsChannelId: live.leadsChannelId(), digestChannelId: live.digestChannelId(), digestSchedule: live.digestSchedule().text, timeZone: live.timeZone() }),
        apply: async () => {
          await live.refresh();
          await scheduledJobs.scheduleDigest();
        },
      },
      timeZone: live.timeZone,
      commandAnswerMs: options.commandAnswerMs ?? 2_000,
      schedulePost,
      refreshMessage,
      homeOpened: home.opened,
      homeChanged: home.changed,
      definition: definitions.current,
      reportRejection: (leadId) =>
        scheduledJobs.scheduleRejectionReport(leadId).catch((error: unknown) => {
          logger.error({ leadId, err: error, event: 'rejection_report_schedule_failed' }, 'could not schedule the rejection report');
        }),
    });
    registerErrorHandler(app, logger);

    http.use(healthRoutes(databaseIsUp));
    http.use(readinessRoutes(readiness, { databaseIsUp, definitionInForce: async () => Boolean(await definitions.current()) }));
    // One limiter for all API routes: the limit is per token, whichever route it calls.
    const auth = [
      wrongTokenLimit(config.intakeApiTokens, config.authFailuresPerMinute, () => metrics.apiAuthFailures.inc({ outcome: 'rate_limited' })),
      bearerToken(config.intakeApiTokens, () => metrics.apiAuthFailures.inc({ outcome: 'rejected' })),
      perTokenRateLimit(config.intakeRateLimitPerMinute),
    ];
    http.use(intakeRoutes({ auth, logger, metrics, now, schedulePost, definition: definitions.current }));
    http.use(
      leadEventRoutes({
        auth,
        logger,
        now,
        definition: definitions.current,
        refresh: (lead) => void refreshMessage(lead).catch(() => undefined),
        idempotencyLeaseMs: config.idempotencyLeaseMs,
      }),
    );
    server = await listen(http, config.port);
    if (config.slack.socketMode) await app.start();
    await jobs.start();
    live.start();
    readiness.jobsStarted = true;
  } catch (error) {
    liveSettings?.stop();
    await shutdown(server, app, jobs, homeTabs, database, config.slack.socketMode);
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, mode: config.slack.socketMode ? 'socket' : 'http' }, 'Leadloop is running');
  const startedJobs = jobs;
  return {
    port,
    runDigestNow: () => startedJobs.runDigestNow(),
    homesIdle: async () => {
      await homeTabs?.idle();
    },
    runServiceLevelsNow: () => startedJobs.runServiceLevelsNow(),
    idle: async () => {
      // Until one pass finds all three idle without waiting: each can set off the others.
      for (;;) {
        const waits = [await background.messages.idle(), await homeTabs!.idle(), await startedJobs.idle()];
        if (!waits.some((w) => w.waited)) return;
      }
    },
    stop: async () => {
      readiness.stopping = true;
      liveSettings?.stop();
      await shutdown(server, app, jobs, homeTabs, database, config.slack.socketMode);
      logger.info({ event: 'stopped' }, 'Leadloop stopped');
    },
  };
}

/**
 * Stop taking requests and let in-flight ones finish (idle keep-alive
 * connections are closed at once), stop Socket Mode, let Home redraws and running jobs
 * finish or hand them back, then close the database.
 */
async function shutdown(server: Server | undefined, app: App, jobs: Jobs | undefined, homeTabs: HomeTabs | undefined, database: Database, socketMode: boolean) {
  if (server) await closeServer(server);
  if (socketMode) await app.stop().catch(() => undefined);
  await homeTabs?.idle();
  await jobs?.stop().catch(() => undefined);
  await database.close();
}
