import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';

/**
 * Gives every request an id (X-Request-Id, taken from the caller when sane),
 * times it, and logs it by route pattern. Never by URL: /api/leads/by-email/…
 * would put an email in the logs.
 */
export function requestLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', requestId);
    res.locals.requestId = requestId;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeOf(req.baseUrl, req.route?.path);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (route === '/metrics' || route === '/healthz' || route === '/readyz') return;
      logger.info({ requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000), event: 'http_request' }, `${req.method} ${route} ${res.statusCode}`);
    });
    next();
  };
}

/**
 * The route pattern a request matched. Routes are declared with their full
 * path; when an error handler mounted under a prefix answers, Express has set
 * that prefix as the base URL, which must not be counted twice.
 */
function routeOf(baseUrl: string, path: unknown): string {
  if (typeof path !== 'string') return 'unmatched';
  return baseUrl && !path.startsWith(baseUrl) ? `${baseUrl}${path}` : path;
}
