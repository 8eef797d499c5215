import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { hubSpotDeliverySchema, noticesFromHubSpot } from '../crm/hubspot.js';
import type { CrmMapping } from '../crm/mapping.js';
import type { CrmNotice } from '../crm/notice.js';
import { noticesFromSalesforce } from '../crm/salesforce.js';
import { fieldErrorsOf } from '../leads/fieldErrors.js';
import type { Logger } from '../logger.js';
import { receiveCrmNotices } from '../usecases/crmNotices.js';
import { ACK, readOutboundMessage, soapFault } from './salesforceSoap.js';

/** HubSpot refuses to be believed about requests older than this (its docs: five minutes). */
export const HUBSPOT_MAX_AGE_MS = 5 * 60_000;

type Deps = {
  mapping: CrmMapping;
  now: () => Date;
  logger: Logger;
  /** Applies stored notices in the background (a failure is left to the inbox sweep). */
  schedule: (noticeIds: string[]) => Promise<void>;
  hubspotClientSecret: string | undefined;
  salesforceOrgId: string | undefined;
  /** Where the world reaches Leadloop, behind a proxy: the URL HubSpot signed. */
  publicUrl: string | undefined;
  /** The intake token check for Salesforce (`?token=`), with the wrong-token limit. */
  salesforceAuth: RequestHandler[];
};

/**
 * The CRMs' own doors: HubSpot app webhooks (signed, v3) and Salesforce
 * Outbound Messages (SOAP, with the intake token in the URL). Each delivery
 * is stored before it is answered, so an accepted delivery is never lost,
 * and applied in the background; a repeated delivery is recognised by its
 * ids and applied once.
 */
export function crmRoutes(deps: Deps): Router {
  const router = express.Router();

  router.post('/api/crm/hubspot', express.raw({ type: () => true, limit: '2mb' }), async (req: Request, res: Response) => {
    const secret = deps.hubspotClientSecret;
    if (!secret) {
      res.status(503).json({ error: 'hubspot_not_configured', message: 'Set HUBSPOT_CLIENT_SECRET (your HubSpot app’s client secret) to receive HubSpot webhooks.' });
      return;
    }
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const checked = checkHubSpotSignature(req, body, secret, deps);
    if (!checked.ok) {
      deps.logger.warn({ reason: checked.reason, event: 'hubspot_signature_refused' }, 'refused a HubSpot webhook');
      res.status(401).json({ error: 'invalid_signature', message: checked.reason });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      res.status(400).json({ error: 'invalid_json', message: 'The body is not valid JSON; nothing was recorded.' });
      return;
    }
    const parsed = hubSpotDeliverySchema.safeParse(raw);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_events', message: 'The body is not a HubSpot webhook delivery (a JSON array of events); nothing was recorded.', fields: fieldErrorsOf(parsed.error.issues) });
      return;
    }
    const now = deps.now();
    const { notices, ignored } = noticesFromHubSpot(parsed.data, deps.mapping.hubspot, now);
    const kept = await keep(notices, now, deps);
    res.status(200).json({ received: parsed.data.length, recorded: kept.stored.length, repeated: kept.repeated.length, ignored });
  });

  router.post(
    '/api/crm/salesforce',
    ...deps.salesforceAuth,
    express.text({ type: () => true, limit: '5mb' }),
    async (req: Request, res: Response) => {
      const soap = (status: number, xml: string) => void res.status(status).type('text/xml; charset=utf-8').send(xml);
      if (!req.is(['text/xml', 'application/xml', 'application/soap+xml'])) {
        soap(415, soapFault('Client', 'Send the Outbound Message as SOAP: Content-Type text/xml.'));
        return;
      }
      const read = readOutboundMessage(typeof req.body === 'string' ? req.body : '');
      if (!read.ok) {
        soap(400, soapFault('Client', `${read.reason} Nothing was recorded.`));
        return;
      }
      const { message } = read;
      if (deps.salesforceOrgId && !sameOrg(message.organizationId, deps.salesforceOrgId)) {
        deps.logger.warn({ organizationId: message.organizationId, event: 'salesforce_org_refused' }, 'refused an Outbound Message from another Salesforce org');
        soap(403, soapFault('Client', `This Leadloop takes Outbound Messages from Salesforce org ${deps.salesforceOrgId} only; nothing was recorded.`));
        return;
      }
      const now = deps.now();
      const { notices, ignored } = noticesFromSalesforce(message.notifications, deps.mapping.salesforce, now);
      const kept = await keep(notices, now, deps);
      deps.logger.info({ notifications: message.notifications.length, recorded: kept.stored.length, repeated: kept.repeated.length, ignored: ignored.length, event: 'salesforce_outbound_message' }, 'Salesforce Outbound Message received');
      soap(200, ACK);
    },
  );

  router.use('/api/crm', ((error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: 'The delivery is too large; nothing was recorded.' });
      return;
    }
    deps.logger.error({ errorName: (error as Error)?.name, errorType: type ?? null, event: 'crm_delivery_error' }, 'a CRM delivery could not be stored');
    // A 5xx: the CRM retries, and the retry is stored once.
    res.status(500).json({ error: 'internal_error', message: 'The delivery could not be stored; it will be retried.' });
  }) as express.ErrorRequestHandler);
  return router;
}

/** Stores the notices (before the CRM is answered), then has the new ones applied in the background. */
async function keep(notices: CrmNotice[], now: Date, deps: Deps): Promise<{ stored: string[]; repeated: string[] }> {
  const kept = await receiveCrmNotices(notices, now);
  if (kept.stored.length) {
    await deps.schedule(kept.stored).catch((error: unknown) => {
      deps.logger.warn({ err: error, event: 'crm_notices_schedule_failed' }, 'could not schedule the CRM notices now; the inbox sweep will apply them');
    });
  }
  return kept;
}

/**
 * HubSpot's v3 signature (developers.hubspot.com, "Validating requests"):
 * base64 of HMAC-SHA256, keyed by the app's client secret, over method +
 * URI + body + timestamp, where the URI is the one HubSpot called with the
 * characters its table names URL-decoded. Requests older than five minutes
 * are refused, so a captured request cannot be replayed later.
 */
function checkHubSpotSignature(req: Request, body: string, secret: string, deps: Pick<Deps, 'now' | 'publicUrl'>): { ok: true } | { ok: false; reason: string } {
  const signature = req.get('x-hubspot-signature-v3');
  const timestamp = req.get('x-hubspot-request-timestamp');
  if (!signature || !timestamp) return { ok: false, reason: 'Missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp; nothing was recorded.' };
  const sentAt = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(deps.now().getTime() - sentAt) > HUBSPOT_MAX_AGE_MS) {
    return { ok: false, reason: 'X-HubSpot-Request-Timestamp is more than 5 minutes away from now; nothing was recorded.' };
  }
  const uri = hubSpotDecode(`${deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}${req.originalUrl}`);
  const expected = createHmac('sha256', secret).update(`${req.method}${uri}${body}${timestamp}`, 'utf8').digest();
  const given = Buffer.from(signature.trim(), 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: `The signature does not match (the URI signed must be ${uri}; behind a proxy, set PUBLIC_URL); nothing was recorded.` };
  }
  return { ok: true };
}

/** The URL-encoded characters HubSpot's v3 validation decodes before signing. */
const HUBSPOT_DECODED: Record<string, string> = { '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';' };

function hubSpotDecode(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => HUBSPOT_DECODED[m.toUpperCase()]!);
}

/** Salesforce ids come in 15- and 18-character forms; the first 15 are the same. */
function sameOrg(given: string, expected: string): boolean {
  return given.slice(0, 15) === expected.slice(0, 15);
}
