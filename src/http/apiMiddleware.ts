import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from '../logger.js';

/** Largest body the API accepts; a real form submission is a few kilobytes. */
export const MAX_BODY = '64kb';

/**
 * Reads which configured token the request carries, once per request, into
 * `res.locals.tokenKey` (the token's digest prefix, never the token; null when
 * none matches). Every token is compared, each in constant time, so neither
 * the timing nor the count reveals which one was close. The limits and the
 * check below read it.
 */
export function identifyToken(tokens: string[], tokenOf: (req: Request) => string | undefined = bearerToken): RequestHandler {
  const expected = tokens.map(digest);
  return (req, res, next) => {
    const token = tokenOf(req);
    const given = digest(token ?? '');
    let matched = -1;
    expected.forEach((candidate, index) => {
      if (timingSafeEqual(given, candidate) && matched === -1) matched = index;
    });
    res.locals.tokenKey = token && matched !== -1 ? expected[matched]!.subarray(0, 8).toString('hex') : null;
    next();
  };
}

/** The token of "Authorization: Bearer <token>". */
export function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim() || undefined;
}

/** Refuses a request without a configured token (after identifyToken), answering as `refuse` says (JSON by default). */
export function requireToken(
  onRefused: () => void = () => undefined,
  refuse: (res: Response) => void = (res) =>
    void res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: 'Send the intake token as "Authorization: Bearer <INTAKE_API_TOKEN>".' }),
): RequestHandler {
  return (_req, res, next) => {
    if (!res.locals.tokenKey) {
      onRefused();
      refuse(res);
      return;
    }
    next();
  };
}

/**
 * Per client address, per instance: after `perMinute` wrong tokens in a
 * minute, every further wrong token from that address gets 429 with
 * Retry-After until the minute is over, so a token cannot be guessed at line
 * speed. Requests with the right token neither count nor wait, so a guesser
 * behind the same address as a real integration cannot lock it out.
 */
export function wrongTokenLimit(perMinute: number, onLimited: () => void): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Only wrong tokens count against the address; the right one passes untouched, however many requests are in flight.
    skip: (_req, res) => Boolean(res.locals.tokenKey),
    keyGenerator: (req) => `auth:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: (_req, res) => {
      onLimited();
      res.status(429).json({ error: 'too_many_wrong_tokens', message: 'Too many requests with a wrong token from this address; wait as Retry-After says.' });
    },
  });
}

/** Per token, per instance: a broken form gets 429 with Retry-After instead of flooding the channel. */
export function perTokenRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => String(res.locals.tokenKey),
    handler: (_req, res) => {
      res.status(429).json({ error: 'rate_limited', message: `At most ${perMinute} requests a minute per token; wait as Retry-After says, then send again.` });
    },
  });
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
    } else if (isClientError(error)) {
      // A body that does not decode (broken gzip, br or deflate, a bad length): the sender's fault, not ours.
      logger.info({ status: statusOf(error), errorType: type ?? null, event: 'api_body_unreadable' }, 'request body could not be read');
      res.status(400).json({ error: 'invalid_body', message: 'The body could not be read (is its Content-Encoding right?); nothing was stored.' });
    } else {
      // Never the error itself: body-parser attaches the body it read, and lead data must not reach the logs.
      logger.error({ errorName: (error as Error)?.name, errorType: type ?? null, event: 'intake_error' }, 'intake failed');
      res.status(500).json({ error: 'internal_error', message: 'The lead could not be stored; please retry.' });
    }
  };
}

function statusOf(error: unknown): number | undefined {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' ? value : undefined;
}

function isClientError(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** JSON only, of sane size: 415 and 413 before anything is parsed further. */
export const jsonBody: RequestHandler[] = [requireJson, express.json({ limit: MAX_BODY, strict: false })];
