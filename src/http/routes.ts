import type { Express } from 'express';
import type { Config } from '../config.js';
import type { Lead } from '../leads/lead.js';
import type { Logger } from '../logger.js';
import type { Roles } from '../roles/roles.js';
import type { Metrics } from '../ops/metrics.js';
import type { ActiveDefinition } from '../usecases/leadDefinition.js';
import { bearerToken, identifyToken, perTokenRateLimit, requireToken, wrongTokenLimit } from './apiMiddleware.js';
import type { CrmMapping } from '../crm/mapping.js';
import { crmRoutes } from './crmRoutes.js';
import { healthRoutes } from './healthRoutes.js';
import { soapFault } from './salesforceSoap.js';
import { intakeRoutes } from './intakeRoutes.js';
import { importRoutes } from './importRoutes.js';
import { leadEventRoutes } from './leadEventRoutes.js';
import { readinessRoutes, type Readiness } from './readinessRoutes.js';

/** Mounts Leadloop's own HTTP routes: health, readiness, lead intake and CRM events (Slack's are Bolt's). */
export function mountRoutes(
  http: Express,
  deps: {
    config: Config;
    metrics: Metrics;
    logger: Logger;
    now: () => Date;
    readiness: Readiness;
    databaseIsUp: () => Promise<boolean>;
    definition: () => Promise<ActiveDefinition>;
    schedulePost: (leadId: string) => Promise<void>;
    roles: Roles;
    /** Brings a lead's Slack message up to date without the answer waiting for Slack. */
    present: (lead: Lead) => void;
    /** How HubSpot and Salesforce values map to Leadloop's stages. */
    crmMapping: CrmMapping;
    /** Applies stored CRM notices in the background. */
    scheduleCrmNotices: (noticeIds: string[]) => Promise<void>;
  },
): void {
  const { config, metrics, logger, now, definition } = deps;
  http.use(healthRoutes(deps.databaseIsUp));
  http.use(readinessRoutes(deps.readiness, { databaseIsUp: deps.databaseIsUp, definitionInForce: async () => Boolean(await definition()) }));
  // One chain for all API routes: which token (read once), wrong tokens per address, the check, the per-token limit.
  const auth = [
    identifyToken(config.intakeApiTokens),
    wrongTokenLimit(config.authFailuresPerMinute, () => metrics.apiAuthFailures.inc({ outcome: 'rate_limited' })),
    requireToken(() => metrics.apiAuthFailures.inc({ outcome: 'rejected' })),
    perTokenRateLimit(config.intakeRateLimitPerMinute),
  ];
  // CRMs first: their doors read their own bodies and credentials (a signature; the token in Salesforce's URL).
  http.use(
    crmRoutes({
      mapping: deps.crmMapping,
      now,
      logger,
      schedule: deps.scheduleCrmNotices,
      hubspotClientSecret: config.crm.hubspotClientSecret,
      salesforceOrgId: config.crm.salesforceOrgId,
      publicUrl: config.publicUrl,
      salesforceAuth: [
        // Salesforce cannot set headers: the token rides in the URL (a bearer header works too, for tools in between).
        identifyToken(config.intakeApiTokens, (req) => (typeof req.query.token === 'string' && req.query.token ? req.query.token : bearerToken(req))),
        wrongTokenLimit(config.authFailuresPerMinute, () => metrics.apiAuthFailures.inc({ outcome: 'rate_limited' })),
        requireToken(
          () => metrics.apiAuthFailures.inc({ outcome: 'rejected' }),
          (res) => void res.status(401).type('text/xml; charset=utf-8').send(soapFault('Client', 'Put the intake token in the endpoint URL: /api/crm/salesforce?token=<INTAKE_API_TOKEN>.')),
        ),
      ],
    }),
  );
  http.use(importRoutes({ auth, logger, metrics, now, schedulePost: deps.schedulePost, definition, roles: deps.roles }));
  http.use(intakeRoutes({ auth, logger, metrics, now, schedulePost: deps.schedulePost, definition, roles: deps.roles }));
  http.use(leadEventRoutes({ auth, logger, now, definition, refresh: deps.present, idempotencyLeaseMs: config.idempotencyLeaseMs }));
}
