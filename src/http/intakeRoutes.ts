import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { normalizeAnswers } from '../definition/judge.js';
import { parseLeadInput } from '../leads/leadInput.js';
import type { Logger } from '../logger.js';
import { intakeLead, type IntakeDeps } from '../usecases/intakeLead.js';

/** Largest lead we accept; a real form submission is a few kilobytes. */
export const MAX_BODY = '64kb';

/**
 * POST /api/leads: authenticate, check the body is JSON of sane size, validate
 * every field, store (or merge), answer. Each refusal changes nothing.
 */
export function intakeRoutes(deps: IntakeDeps & { token: string; logger: Logger }): Router {
  const router = express.Router();
  router.post('/api/leads', bearerToken(deps.token), requireJson, express.json({ limit: MAX_BODY, strict: false }), async (req, res) => {
    const parsed = parseLeadInput(req.body);
    const answers = parsed.ok ? normalizeAnswers(parsed.lead.qualification, (await deps.definition()).definition) : undefined;
    if (!parsed.ok || !answers?.ok) {
      const fields = [...(parsed.ok ? [] : parsed.errors), ...(answers && !answers.ok ? answers.problems : [])];
      res.status(400).json({ error: 'invalid_lead', message: 'The lead has invalid fields; nothing was stored.', fields });
      return;
    }
    const result = await intakeLead({ ...parsed.lead, qualification: answers.answers }, { kind: 'api' }, deps);
    const { lead } = result;
    deps.logger.info({ leadId: lead.id, stage: lead.stage, merged: result.merged, event: 'lead_received' }, 'lead received');
    const judged = lead.judgement ? { score: lead.judgement.score, threshold: lead.judgement.threshold, unmet: lead.judgement.unmet } : {};
    if (result.merged) {
      res.status(200).json({ id: lead.id, stage: lead.stage, merged: true, filledFields: result.filled, ...judged });
    } else {
      res.status(201).json({ id: lead.id, stage: lead.stage, merged: false, ...judged });
    }
  });
  router.use('/api', bodyErrors(deps.logger));
  return router;
}

function bearerToken(expected: string): RequestHandler {
  const expectedDigest = digest(expected);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // Compare digests so the comparison takes the same time whatever the input length.
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), expectedDigest)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: 'Send the intake token as "Authorization: Bearer <INTAKE_API_TOKEN>".' });
      return;
    }
    next();
  };
}

const requireJson: RequestHandler = (req, res, next) => {
  if (!req.is('application/json')) {
    res.status(415).json({ error: 'unsupported_media_type', message: 'Send the lead as JSON with "Content-Type: application/json".' });
    return;
  }
  next();
};

function bodyErrors(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: `A lead may be at most ${MAX_BODY}.` });
    } else if (type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid_json', message: 'The body is not valid JSON; nothing was stored.' });
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(415).json({ error: 'unsupported_media_type', message: 'Send the lead as UTF-8 JSON.' });
    } else {
      logger.error({ err: error, event: 'intake_error' }, 'intake failed');
      res.status(500).json({ error: 'internal_error', message: 'The lead could not be stored; please retry.' });
    }
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
