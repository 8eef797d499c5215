import express, { type RequestHandler, type Router } from 'express';
import { apiErrors, jsonBody } from './apiMiddleware.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { IntakeDeps } from '../usecases/intakeLead.js';
import { submitLead } from '../usecases/submitLead.js';
import type { ActiveDefinition } from '../usecases/leadDefinition.js';
import type { Roles } from '../roles/roles.js';

/** What the lead-taking routes (POST /api/leads and /api/leads/import) are given. */
export type IntakeRouteDeps = Omit<IntakeDeps, 'definition'> & {
  auth: RequestHandler[];
  logger: Logger;
  metrics: Metrics;
  definition: () => Promise<ActiveDefinition>;
  /** The team's roles as set now: a rep's own prospect must be owned by a member of sales. */
  roles: Roles;
};

/**
 * POST /api/leads: authenticate, check the body is JSON of sane size, validate
 * every field, store (or merge), answer. Each refusal changes nothing.
 */
export function intakeRoutes(deps: IntakeRouteDeps): Router {
  const router = express.Router();
  router.post('/api/leads', ...deps.auth, ...jsonBody, async (req, res) => {
    const outcome = await submitLead(req.body, { kind: 'api' }, deps);
    if (!outcome.ok) {
      res.status(400).json({ error: 'invalid_lead', message: 'The lead has invalid fields; nothing was stored.', fields: outcome.errors });
      return;
    }
    const { result } = outcome;
    const { lead } = result;
    deps.logger.info({ leadId: lead.id, stage: lead.stage, merged: result.merged, requestId: res.locals.requestId, event: 'lead_received' }, 'lead received');
    deps.metrics.leadsReceived.inc({ result: result.merged ? 'merged' : 'created' });
    const judged = lead.judgement ? { score: lead.judgement.score, threshold: lead.judgement.threshold, unmet: lead.judgement.unmet } : {};
    if (result.merged) {
      res.status(200).json({ id: lead.id, stage: lead.stage, origin: lead.origin, merged: true, filledFields: result.filled, ...judged });
    } else {
      res.status(201).json({ id: lead.id, stage: lead.stage, origin: lead.origin, ...(lead.origin === 'sales' && lead.owner ? { owner: lead.owner.userId } : {}), merged: false, ...judged });
    }
  });
  router.use('/api', apiErrors(deps.logger));
  return router;
}
