import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SalesforceNotification } from '../crm/salesforce.js';

/**
 * Salesforce Outbound Messages: the SOAP 1.1 `notifications` call and the
 * `notificationsResponse` Ack that stops Salesforce retrying. Shapes as the
 * Outbound Messaging WSDL documents them (developer.salesforce.com,
 * "Understanding the Outbound Messaging WSDL"); read with fast-xml-parser,
 * namespace prefixes dropped, every value kept as text.
 */
export type OutboundMessage = { organizationId: string; actionId?: string; notifications: SalesforceNotification[] };

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'Notification',
});

/** Reads an Outbound Message, or says in a sentence why it is not one. */
export function readOutboundMessage(xml: string): { ok: true; message: OutboundMessage } | { ok: false; reason: string } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, reason: `The body is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).` };
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: `The body could not be read as XML: ${(error as Error).message}` };
  }
  const body = (doc.Envelope as Record<string, unknown> | undefined)?.Body as Record<string, unknown> | undefined;
  const notifications = body?.notifications as Record<string, unknown> | undefined;
  if (!notifications || typeof notifications !== 'object') return { ok: false, reason: 'The body is not a Salesforce Outbound Message (no soapenv:Envelope/Body/notifications).' };
  const organizationId = text(notifications.OrganizationId);
  if (!organizationId) return { ok: false, reason: 'The Outbound Message has no OrganizationId.' };
  const list = (notifications.Notification as unknown[] | undefined) ?? [];
  const read: SalesforceNotification[] = [];
  for (const [index, item] of list.entries()) {
    const n = item as Record<string, unknown>;
    const id = text(n.Id);
    const sObject = n.sObject as Record<string, unknown> | undefined;
    if (!id || !sObject || typeof sObject !== 'object') return { ok: false, reason: `Notification ${index + 1} has no Id or no sObject.` };
    const objectType = (text(sObject['@_type']) ?? '').replace(/^.*:/, '');
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(sObject)) {
      if (name.startsWith('@_')) continue;
      const v = text(value);
      if (v !== undefined) fields[name] = v;
    }
    read.push({ id, objectType: objectType || 'unknown', fields });
  }
  if (read.length === 0) return { ok: false, reason: 'The Outbound Message holds no Notification.' };
  return { ok: true, message: { organizationId, ...(text(notifications.ActionId) ? { actionId: text(notifications.ActionId)! } : {}), notifications: read } };
}

/** A field's text; nil (`xsi:nil="true"`), empty and nested elements are absent. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return text((value as Record<string, unknown>)['#text']);
  return undefined;
}

/** What Salesforce waits for: Ack true, and it stops sending the message. */
export const ACK = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Body>
    <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
      <Ack>true</Ack>
    </notificationsResponse>
  </soapenv:Body>
</soapenv:Envelope>
`;

/** A SOAP 1.1 fault saying what is wrong (Salesforce shows it in its outbound message queue and retries). */
export function soapFault(code: 'Client' | 'Server', message: string): string {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Body>
    <soapenv:Fault>
      <faultcode>soapenv:${code}</faultcode>
      <faultstring>${escaped}</faultstring>
    </soapenv:Fault>
  </soapenv:Body>
</soapenv:Envelope>
`;
}
