import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Db } from 'mongodb';
import type { Config } from './config.js';
import type { LeadDefinition } from './definition/definition.js';
import { createJobs, DEFAULT_TIMING, type JobTiming, type Jobs } from './jobs/jobs.js';
import type { Logger } from './logger.js';
import type { Metrics } from './ops/metrics.js';
import { createLiveSettings, type LiveSettings } from './settings/liveSettings.js';
import { reasonLabelsOf } from './slack/blocks/statsView.js';
import { createDigestPoster } from './slack/digestMessages.js';
import { createHomeTabs, HOME_PUBLISH_BUDGET, type HomeTabs } from './slack/homeTab.js';
import { createLeadMessages } from './slack/leadMessages.js';
import { createLeadPresenter, type LeadPresenter } from './slack/leadPresenter.js';
import type { Listeners } from './slack/listeners/deps.js';
import { createRejectionReporter } from './slack/rejectionReporter.js';
import { createServiceNotices } from './slack/serviceNoticeMessages.js';
import { classifySlackError, fixFor, retryAfterSeconds } from './slack/slackErrors.js';
import { workspaceAdminCheck } from './slack/workspaceAdmins.js';
import { slackRoutingCheck } from './slack/routingChecks.js';
import { createDefinitionCache } from './usecases/definitionCache.js';
import { createHomeContent, homeShowsLeads } from './usecases/homeContent.js';
import { restoreDefinition, type ActiveDefinition } from './usecases/leadDefinition.js';
import { sendWeeklyDigest } from './usecases/weeklyDigest.js';
import { createRoutingCache, queueNamed, routeLead, type RoutingCache } from './usecases/routing.js';
import { DEFAULT_QUEUE } from './routing/routing.js';
import type { Lead } from './leads/lead.js';
import { cachedLookup } from './util/cachedLookup.js';

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
  /**
   * The least time between two redraws of one person's Home (default 2 s): a
   * rep claiming lead after lead gets one redraw with all of them, not one per
   * click (see bench/README.md, issue 18).
   */
  homeRedrawIntervalMs?: number;
  /** Home redraws for everyone together (default HOME_PUBLISH_BUDGET: about 100 a minute, twenty at once). */
  homePublishBudget?: { perMinute: number; burst: number };
  /** How long /leads stats computes before it answers "working on it" and follows up (Slack allows 3 s). */
  commandAnswerMs?: number;
  /** Routes mounted on the app's port besides Leadloop's own (the local sandbox's page). */
  extraRoutes?: (http: import('express').Express) => void;
};

/** What the edges (listeners, routes, jobs) are given: built once, here. */
export type Services = {
  definition: () => Promise<ActiveDefinition>;
  /** The routing in force (queues), cached like the definition. */
  routing: RoutingCache;
  live: LiveSettings;
  home: HomeTabs;
  presenter: LeadPresenter;
  jobs: Jobs;
  /** Schedules a stored lead's post; a failure is left to the pending-post sweep. */
  schedulePost: (leadId: string) => Promise<void>;
  /** Everything the Slack listeners need. */
  listeners: Listeners;
};

/**
 * Builds the services between the edges and the use cases: the definition in
 * force, the live settings, how a lead and a Home are shown in Slack, the
 * jobs, and the listeners' dependencies.
 */
export async function buildServices(input: {
  config: Config;
  options: LeadloopOptions;
  app: App;
  postingClient: WebClient;
  db: Db;
  metrics: Metrics;
  definitionFromFile: LeadDefinition;
}): Promise<Services> {
  const { config, options, app, postingClient, metrics } = input;
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const definitions = createDefinitionCache(options.definitionCacheMs ?? 5_000, Date.now, async () => {
    const { restored, active } = await restoreDefinition(input.definitionFromFile, config.definitionFile, now());
    if (restored) logger.error({ definitionVersion: active.version, event: 'definition_restored' }, `no lead definition was in force: ${config.definitionFile} is in force again as version ${active.version}`);
    return active;
  });
  const groupMembers = async (usergroup: string) => (await app.client.usergroups.users.list({ usergroup })).users ?? [];
  const routing = createRoutingCache(options.definitionCacheMs ?? 5_000);
  // Each rep's Slack time zone (users.info tz), asked at most once an hour; unknown when Slack cannot say.
  const timeZoneOf = cachedLookup(3_600_000, async (user) => (await app.client.users.info({ user })).user?.tz, () => undefined);
  // A queue's user groups, asked of Slack at most once a minute each.
  const membersOf = cachedLookup(60_000, groupMembers, (group, error) => {
    logger.warn({ group, err: error, event: 'queue_group_unreadable' }, 'could not read a queue’s user group');
    return [] as string[];
  });
  // What admins set in /leads settings, over the environment's values.
  const live = createLiveSettings({ config, groupMembers, logger });
  await live.refresh();
  const messages = createLeadMessages(app.client, postingClient, live.leadsChannelId, logger);
  const reasonLabels = async () => reasonLabelsOf((await definitions.current()).definition);
  const digestPoster = createDigestPoster(postingClient, live.digestChannelId, reasonLabels, logger);
  if (!live.digestChannelId()) logger.info({ event: 'digest_off' }, 'no digest channel is set: no weekly digest');
  const homeContent = createHomeContent({ roles: live.roles, timeZone: live.timeZone, now, figuresMaxAgeMs: options.homeFiguresMaxAgeMs ?? 60_000 });
  const home = createHomeTabs({ client: app.client, content: homeContent, showsLeads: (userId) => homeShowsLeads(live.roles, userId), now, logger, minIntervalMs: options.homeRedrawIntervalMs ?? 2_000, budget: options.homePublishBudget ?? HOME_PUBLISH_BUDGET });
  // The presenter hands failed updates to a job, and the refresh job shows leads through the presenter: the jobs are made just below.
  let jobs: Jobs | undefined;
  const presenter = createLeadPresenter({ refreshMessage: messages.refresh, home, logger, scheduleRefresh: (leadId) => jobs!.scheduleRefresh(leadId) });
  jobs = createJobs(input.db, {
    metrics,
    poster: messages,
    refresh: presenter.show,
    present: presenter.present,
    reportRejection: createRejectionReporter({ client: app.client, digestChannel: live.digestChannelId, logger }),
    definition: definitions.current,
    now,
    logger,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    timeZone: live.timeZone,
    roster: () => live.roles.sales,
    route: async (lead) => routeLead(lead, await routing.current()),
    async rosterFor(lead: Lead) {
      const queue = lead.queue && lead.queue.name !== DEFAULT_QUEUE ? queueNamed(await routing.current(), lead.queue.name) : undefined;
      if (!queue) return { queue: DEFAULT_QUEUE, reps: live.roles.sales };
      const reps = (await Promise.all(queue.reps.map((id) => (id.startsWith('S') ? membersOf(id) : Promise.resolve([id]))))).flat();
      return { queue: queue.name, reps: [...new Set(reps)], ...(queue.weights ? { weights: queue.weights } : {}), ...(queue.dailyCap ? { dailyCap: queue.dailyCap } : {}) };
    },
    timeZonesOf: async (userIds: string[]) => new Map(await Promise.all(userIds.map(async (id) => [id, await timeZoneOf(id)] as const))),
    async tellAccountOwner(lead) {
      const owner = lead.owner?.userId;
      if (!owner || lead.post.status !== 'posted') return;
      const company = lead.company.name ?? lead.company.domain ?? 'a company';
      const earlier = lead.account ? `${lead.account.leads} earlier lead${lead.account.leads === 1 ? '' : 's'}` : 'earlier leads';
      await postingClient.chat.postMessage({
        channel: owner,
        text: `:office: A new lead from ${company}, an account you own (${earlier}), is yours: it is in <#${lead.post.channelId}>. Release it there if someone else should take it.`,
      });
    },
    async channelGone(lead, queue, channel, code) {
      logger.error({ leadId: lead.id, queue, channel, slackError: code, event: 'queue_channel_gone' }, `queue ${queue}'s channel refused a lead (${code}); it went to the default queue`);
      const text = `:warning: The *${queue}* queue’s channel <#${channel}> refused a lead (\`${code}\`), so it was posted in the default leads channel instead. Invite Leadloop to the channel again, or change the queue with \`/leads routing\`.`;
      await Promise.all(live.roles.admins.map((admin) => postingClient.chat.postMessage({ channel: admin, text }).catch(() => undefined)));
    },
    sendNotice: createServiceNotices({ client: postingClient, definition: definitions.current, escalateTo: live.escalateTo, now, logger }),
    // How a failure is treated is Slack's knowledge: handed to the jobs, not imported by them.
    failures: { classify: classifySlackError, retryAfterSeconds, fixFor },
    digest: {
      cron: () => (live.digestChannelId() ? live.digestSchedule().cron : null),
      send: (options) => sendWeeklyDigest(now(), { timeZone: live.timeZone(), poster: digestPoster, logger, definition: definitions.current }, options),
    },
  });
  const scheduled = jobs;
  const schedulePost = (leadId: string) =>
    scheduled.schedulePost(leadId).catch((error: unknown) => {
      // The lead is stored; the pending-post sweep will schedule it.
      logger.warn({ leadId, err: error, event: 'lead_post_schedule_failed' }, 'could not schedule the post now; the sweep will');
    });
  const listeners: Listeners = {
    metrics,
    now,
    logger,
    roles: live.roles,
    routing: { current: routing.current, forget: routing.forget, check: slackRoutingCheck(app.client, logger) },
    teamSettings: {
      current: live.settings,
      refresh: live.refresh,
      groupMembers,
      isWorkspaceAdmin: workspaceAdminCheck(app.client, logger),
      environmentAdmins: () => config.roles.admins,
      inForce: () => ({ leadsChannelId: live.leadsChannelId(), digestChannelId: live.digestChannelId(), digestSchedule: live.digestSchedule().text, timeZone: live.timeZone() }),
      apply: async () => {
        await live.refresh();
        await scheduled.scheduleDigest();
      },
    },
    timeZone: live.timeZone,
    commandAnswerMs: options.commandAnswerMs ?? 2_000,
    schedulePost,
    refreshMessage: presenter.present,
    homeOpened: home.opened,
    homeChanged: home.changed,
    definition: definitions.current,
    reportRejection: (leadId) =>
      scheduled.scheduleRejectionReport(leadId).catch((error: unknown) => {
        logger.error({ leadId, err: error, event: 'rejection_report_schedule_failed' }, 'could not schedule the rejection report');
      }),
  };
  return { definition: definitions.current, routing, live, home, presenter, jobs, schedulePost, listeners };
}
