import { createHash, randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Lead } from '../leads/lead.js';
import { fieldErrorsOf } from '../leads/fieldErrors.js';
import type { Step } from '../leads/lifecycle.js';
import type { Logger } from '../logger.js';
import { idempotentRequests } from '../usecases/idempotentRequests.js';
import { leadByIdentity } from '../usecases/readLead.js';
import type { ActiveDefinition } from '../usecases/leadDefinition.js';
import { recordCrmEvent } from '../usecases/recordCrmEvent.js';
import { apiErrors, jsonBody } from './apiMiddleware.js';

/** The stage a CRM reports, and the step of the lead's life it means. */
const STAGE_STEPS = { sql: 'meeting', opportunity: 'opportunity', won: 'won', lost: 'lost' } as const satisfies Record<string, Step>;

const eventSchema = z.strictObject(
  {
    stage: z.enum(Object.keys(STAGE_STEPS) as Array<keyof typeof STAGE_STEPS>, { error: `must be one of: ${Object.keys(STAGE_STEPS).join(', ')}` }),
    // CRMs send money as text too ("48000.00"): a plain decimal number either way.
    amount: z
      .union([z.number(), z.string().trim().regex(/^\d+(\.\d+)?$/, 'must be a number such as 48000 or "48000.00"').transform(Number)], { error: 'must be a number such as 48000 or "48000.00"' })
      .optional(),
    currency: z.string({ error: 'must be text' }).trim().toUpperCase().optional(),
    reason: z.string({ error: 'must be text' }).trim().optional(),
    note: z.string({ error: 'must be text' }).trim().max(1000, 'must be at most 1000 characters').optional(),
    // What sales found when qualifying the lead, by question key of the lead definition.
    qualification: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'is not a question key'), z.string({ error: 'must be text' }).trim().max(100, 'must be at most 100 characters'), { error: 'must be an object' })
      .optional(),
  },
  { error: 'must be a JSON object' },
);

type Deps = {
  /** Token check and rate limit, shared by every API route. */
  auth: RequestHandler[];
  logger: Logger;
  now: () => Date;
  definition: () => Promise<ActiveDefinition>;
  /** Brings the lead's Slack message up to date, without the API answer waiting for Slack. */
  refresh: (lead: Lead) => void;
  /** How long a request holds its Idempotency-Key before a retry may take it over (its instance may have died). */
  idempotencyLeaseMs: number;
};

/**
 * POST /api/leads/{id}/events (or by-external-id/{id}, by-email/{email}): a CRM
 * reports what became of a lead. Same rules and history as the buttons;
 * idempotent by the Idempotency-Key header.
 */
export function leadEventRoutes(deps: Deps): Router {
  const router = express.Router();
  const handle = (find: (req: Request) => Promise<string | null>) => async (req: Request, res: Response) => {
    const key = req.get('idempotency-key')?.trim();
    if (key !== undefined && (key.length === 0 || key.length > 255)) {
      res.status(400).json({ error: 'invalid_idempotency_key', message: 'Idempotency-Key must be 1 to 255 characters.' });
      return;
    }
    const holder = randomUUID();
    if (key) {
      const fingerprint = createHash('sha256').update(`${req.method} ${req.path} ${JSON.stringify(req.body)}`).digest('hex');
      const reservation = await idempotentRequests.reserve(key, fingerprint, holder, deps.now(), deps.idempotencyLeaseMs);
      if (reservation.kind === 'replay') {
        res.status(reservation.status).set('Idempotent-Replayed', 'true').json(reservation.body);
        return;
      }
      if (reservation.kind === 'in_progress') {
        res.status(409).json({ error: 'request_in_progress', message: 'A request with this Idempotency-Key is still being processed; retry shortly.' });
        return;
      }
      if (reservation.kind === 'mismatch') {
        res.status(422).json({ error: 'idempotency_key_reused', message: 'This Idempotency-Key was already used for a different request.' });
        return;
      }
    }
    try {
      const [status, body] = await answer(req, find, deps, key);
      if (key) await idempotentRequests.complete(key, holder, status, body);
      res.status(status).json(body);
    } catch (error) {
      if (key) await idempotentRequests.release(key, holder).catch(() => undefined);
      throw error;
    }
  };

  router.post('/api/leads/by-external-id/:externalId/events', ...deps.auth, ...jsonBody,
    handle(async (req) => (await leadByIdentity({ externalId: String(req.params.externalId), contact: {} }))?.id ?? null));
  router.post('/api/leads/by-email/:email/events', ...deps.auth, ...jsonBody,
    handle(async (req) => (await leadByIdentity({ contact: { email: String(req.params.email) } }))?.id ?? null));
  router.post('/api/leads/:id/events', ...deps.auth, ...jsonBody, handle(async (req) => String(req.params.id)));
  router.use('/api', apiErrors(deps.logger));
  return router;
}

async function answer(req: Request, find: (req: Request) => Promise<string | null>, deps: Deps, requestKey?: string): Promise<[number, unknown]> {
  const parsed = eventSchema.safeParse(req.body);
  if (!parsed.success) {
    return [400, { error: 'invalid_event', message: 'The event has invalid fields; nothing was recorded.', fields: fieldErrorsOf(parsed.error.issues) }];
  }
  const leadId = await find(req);
  if (!leadId) return [404, { error: 'lead_not_found', message: 'No lead matches that id, external id or email.' }];

  const { stage, qualification, ...details } = parsed.data;
  const outcome = await recordCrmEvent(
    { leadId, step: STAGE_STEPS[stage], details, ...(qualification ? { qualification } : {}), ...(requestKey ? { requestKey } : {}) },
    { now: deps.now(), definition: await deps.definition() },
  );
  switch (outcome.kind) {
    case 'pending':
      // Nobody has claimed the lead yet: kept on it and applied when a rep does (a 2xx, so the CRM does not retry).
      deps.logger.info({ leadId, step: STAGE_STEPS[stage], event: 'lead_event_pending' }, 'CRM reported a step before the lead was claimed');
      deps.refresh(outcome.lead);
      return [202, { id: outcome.lead.id, stage: outcome.lead.stage, recorded: false, pending: true, message: 'Nobody has claimed this lead yet: the step is kept and recorded when a rep takes it on.' }];
    case 'invalid_findings':
      return [400, { error: 'invalid_event', message: 'The event has invalid fields; nothing was recorded.', fields: outcome.problems }];
    case 'recorded':
      deps.logger.info({ leadId, stage: outcome.lead.stage, event: 'lead_event_api' }, 'CRM reported a stage change');
      deps.refresh(outcome.lead);
      return [200, { id: outcome.lead.id, stage: outcome.lead.stage, recorded: true }];
    case 'invalid':
      return [400, { error: 'invalid_event', message: 'The event has invalid fields; nothing was recorded.', fields: [{ field: outcome.field, message: outcome.message }] }];
    case 'refused':
      return [409, { error: 'illegal_transition', message: outcome.reason, stage: outcome.lead.stage }];
    case 'not_found':
      return [404, { error: 'lead_not_found', message: 'No lead matches that id, external id or email.' }];
    case 'not_owner':
      return [409, { error: 'illegal_transition', message: 'Not allowed.' }]; // never for the API: it acts for the CRM
  }
}
