import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { importLeads, type ImportDefaults } from '../usecases/importLeads.js';
import { apiErrors } from './apiMiddleware.js';
import type { IntakeRouteDeps } from './intakeRoutes.js';

/** The largest CSV the API takes in one request (50,000 rows of a wide export fit). */
export const MAX_IMPORT_BYTES = '50mb';

/**
 * POST /api/leads/import: a CSV for automation, in any encoding the import
 * reads, with what holds for the whole file in the query (`source`,
 * `campaign`, `answer.<question>=<value>`, `origin`, `owner`). Every row
 * goes through the same intake as POST /api/leads. A file that cannot be
 * read imports nothing (400); over 50,000 rows, nothing either (413).
 */
export function importRoutes(deps: IntakeRouteDeps): Router {
  const router = express.Router();
  const csvBody: RequestHandler[] = [
    (req, res, next) => {
      if (!req.is(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'])) {
        res.status(415).json({ error: 'unsupported_media_type', message: 'Send the file as CSV with "Content-Type: text/csv".' });
        return;
      }
      next();
    },
    express.raw({ type: () => true, limit: MAX_IMPORT_BYTES }),
  ];
  router.post('/api/leads/import', ...deps.auth, ...csvBody, async (req, res) => {
    const defaults = defaultsFrom(req.query as Record<string, unknown>);
    if (!defaults.ok) {
      res.status(400).json({ error: 'invalid_import', message: 'The import has invalid parameters; nothing was stored.', fields: defaults.problems });
      return;
    }
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    const outcome = await importLeads(bytes, { kind: 'api' }, deps, defaults.value);
    if (!outcome.ok) {
      if (outcome.code === 'invalid_defaults') {
        res.status(400).json({ error: 'invalid_import', message: 'The import has invalid parameters; nothing was stored.', fields: outcome.fields });
        return;
      }
      const tooMany = outcome.code === 'too_many_rows';
      res.status(tooMany ? 413 : 400).json({ error: tooMany ? 'too_many_rows' : 'invalid_file', message: `${outcome.problem} Nothing was imported.` });
      return;
    }
    const s = outcome.summary;
    deps.logger.info({ rows: s.rows, created: s.created, merged: s.merged, refused: s.rejected.length, requestId: res.locals.requestId, event: 'leads_imported', via: 'api' }, 'CSV import finished');
    deps.metrics.leadsReceived.inc({ result: 'created' }, s.created);
    deps.metrics.leadsReceived.inc({ result: 'merged' }, s.merged);
    res.status(200).json({
      created: s.created,
      merged: s.merged,
      refused: s.rejected.map((r) => ({ row: r.row, fields: r.fields ?? [{ field: '(row)', message: r.reason }] })),
      leads: s.leads,
      toSales: s.toSales,
      toNurture: s.toNurture,
      ignoredColumns: s.ignoredColumns,
      encoding: s.encoding,
      system: s.system,
    });
  });
  router.use('/api/leads/import', tooLarge);
  router.use('/api', apiErrors(deps.logger));
  return router;
}

const tooLarge: ErrorRequestHandler = (error, _req, res, next) => {
  if ((error as { type?: string }).type !== 'entity.too.large') return next(error);
  res.status(413).json({ error: 'payload_too_large', message: `The file may be at most ${MAX_IMPORT_BYTES}; split it. Nothing was imported.` });
};

const QUESTION_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** The query's whole-file values; answers are checked against the definition by intake, row by row. */
function defaultsFrom(query: Record<string, unknown>): { ok: true; value: ImportDefaults } | { ok: false; problems: Array<{ field: string; message: string }> } {
  const problems: Array<{ field: string; message: string }> = [];
  const text = (name: string) => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim().length > 200) {
      problems.push({ field: name, message: 'must be one text of at most 200 characters' });
      return undefined;
    }
    return value.trim() || undefined;
  };
  const answers: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith('answer.')) continue;
    const key = name.slice('answer.'.length);
    if (!QUESTION_KEY.test(key) || typeof value !== 'string') problems.push({ field: name, message: 'must be answer.<question key>=<answer>, once' });
    else answers[key] = value;
  }
  const origin = text('origin');
  if (origin !== undefined && origin !== 'marketing' && origin !== 'sales') problems.push({ field: 'origin', message: 'must be one of: marketing, sales' });
  const value: ImportDefaults = { source: text('source'), campaign: text('campaign'), owner: text('owner'), answers, ...(origin === 'sales' || origin === 'marketing' ? { origin } : {}) };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}
