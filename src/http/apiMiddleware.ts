import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** Largest body the API accepts; a real form submission is a few kilobytes. */
export const MAX_BODY = '64kb';

export function bearerToken(expected: string): RequestHandler {
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

export const requireJson: RequestHandler = (req, res, next) => {
  if (!req.is('application/json')) {
    res.status(415).json({ error: 'unsupported_media_type', message: 'Send the lead as JSON with "Content-Type: application/json".' });
    return;
  }
  next();
};

export function apiErrors(logger: Logger): ErrorRequestHandler {
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

/** JSON only, of sane size: 415 and 413 before anything is parsed further. */
export const jsonBody: RequestHandler[] = [requireJson, express.json({ limit: MAX_BODY, strict: false })];
