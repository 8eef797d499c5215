import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import mongoose from 'mongoose';
import type { Config } from './config.js';
import { connectDatabase, databaseIsUp } from './db/database.js';
import { loadCrmMappingFile } from './crm/mappingFile.js';
import { loadDefinitionFile } from './definition/definitionFile.js';
import { loadRoutingFile } from './routing/routingFile.js';
import { slackRoutingCheck } from './slack/routingChecks.js';
import { ensureRouting, keyEarlierLeads } from './usecases/routing.js';
import { requestLog } from './http/requestLog.js';
import type { Readiness } from './http/readinessRoutes.js';
import { mountRoutes } from './http/routes.js';
import { listen } from './http/server.js';
import { refuseFutureSlackTimestamps, slackBodyShape } from './http/slackRequestChecks.js';
import { createMetrics } from './ops/metrics.js';
import { runningLeadloop, shutdown, type RunningLeadloop } from './running.js';
import { buildServices, type LeadloopOptions, type Services } from './services.js';
import { registerErrorHandler } from './slack/errorHandler.js';
import { registerListeners } from './slack/listeners/index.js';
import { createSlackApp } from './slack/slackApp.js';
import { createIndexes } from './storage/indexes.js';
import { ensureDefinition } from './usecases/leadDefinition.js';

export type { LeadloopOptions } from './services.js';
export type { RunningLeadloop } from './running.js';

/**
 * Wires Leadloop together and starts it: config → database → services →
 * Slack, HTTP and jobs. One port serves /slack/events, /api/… and the probes.
 */
export async function startLeadloop(config: Config, options: LeadloopOptions): Promise<RunningLeadloop> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  // A broken definition file stops start-up before anything else starts.
  const definitionFromFile = await loadDefinitionFile(config.definitionFile);
  const crmMapping = await loadCrmMappingFile(config.crm.mappingFile, { required: config.crm.mappingFileRequired });
  const routingFromFile = await loadRoutingFile(config.routingFile.path, { required: config.routingFile.required, sizeBands: definitionFromFile.company.size.map((s) => s.value) });
  const database = await connectDatabase(config, logger);
  const metrics = createMetrics(() => mongoose.connection.db, now);
  const http = express();
  http.disable('x-powered-by');
  if (config.trustProxyHops > 0) http.set('trust proxy', config.trustProxyHops);
  http.use(requestLog(logger, metrics));
  http.get('/metrics', async (_req, res) => void res.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  http.use('/slack/events', refuseFutureSlackTimestamps(), ...slackBodyShape());
  const { app, postingClient, verify } = createSlackApp(config, http, logger, metrics, { retries: options.slackRetries, timeoutMs: options.slackTimeoutMs });
  const readiness: Readiness = { jobsStarted: false, slackVerified: false, stopping: false };
  const socketMode = config.slack.socketMode;
  let services: Services | undefined;
  let server: Server | undefined;
  try {
    // Slack first: a bad token stops start-up before jobs, routes or the port exist.
    await verify();
    readiness.slackVerified = true;
    await createIndexes();
    const seeded = await ensureDefinition(definitionFromFile, now());
    logger.info({ definitionVersion: seeded.version }, 'lead definition in force');
    const routing = await ensureRouting(routingFromFile, config.routingFile.path, { now: now(), check: slackRoutingCheck(app.client, logger) });
    logger.info({ routingVersion: routing.version, queues: routing.routing.queues.length }, 'routing in force');
    // Leads from before account matching get their company's keys, in the background.
    void keyEarlierLeads()
      .then((keyed) => keyed && logger.info({ keyed, event: 'account_keys_backfilled' }, 'earlier leads keyed by company'))
      .catch((error: unknown) => logger.warn({ err: error, event: 'account_keys_backfill_failed' }, 'could not key earlier leads by company; will try at the next start'));
    services = await buildServices({ config, options, app, postingClient, db: mongoose.connection.db!, metrics, definitionFromFile });
    const { presenter } = services;
    registerListeners(app, services.listeners);
    registerErrorHandler(app, logger);
    options.extraRoutes?.(http);
    mountRoutes(http, { config, metrics, logger, now, readiness, databaseIsUp, definition: services.definition, schedulePost: services.schedulePost, roles: services.live.roles, present: (lead) => void presenter.present(lead).catch(() => undefined), crmMapping, scheduleCrmNotices: (ids) => services!.jobs.scheduleCrmNotices(ids) });
    server = await listen(http, config.port);
    if (socketMode) await app.start();
    await services.jobs.start();
    services.live.start();
    readiness.jobsStarted = true;
  } catch (error) {
    await shutdown({ server, app, services, database, socketMode });
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, mode: socketMode ? 'socket' : 'http' }, 'Leadloop is running');
  const started = { server, app, services, database, socketMode };
  return runningLeadloop(port, services, async () => {
    readiness.stopping = true;
    await shutdown(started);
    logger.info({ event: 'stopped' }, 'Leadloop stopped');
  });
}
