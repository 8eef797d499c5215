import { z } from 'zod';
import { targetFor, type CrmMapping } from './mapping.js';
import { CRM_STAGE_STEPS, type CrmNotice } from './notice.js';

/**
 * One event of a HubSpot app webhook delivery, as HubSpot documents it
 * (developers.hubspot.com, "Webhooks API": eventId, subscriptionId, portalId,
 * appId, occurredAt in epoch ms, subscriptionType, attemptNumber, objectId,
 * propertyName, propertyValue, changeSource). Unknown fields are kept out of
 * the way, not refused: HubSpot adds fields over time.
 */
const eventSchema = z.looseObject({
  eventId: z.union([z.number(), z.string().regex(/^\d+$/)], { error: 'must be a number' }).transform(String),
  subscriptionType: z.string({ error: 'must be text' }),
  objectId: z.union([z.number(), z.string().regex(/^\d+$/)], { error: 'must be a number' }).transform(String).optional(),
  objectTypeId: z.string().optional(),
  occurredAt: z.number({ error: 'must be epoch milliseconds' }).optional(),
  propertyName: z.string().optional(),
  propertyValue: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  portalId: z.number().optional(),
  attemptNumber: z.number().optional(),
});
export const hubSpotDeliverySchema = z.array(eventSchema, { error: 'must be a JSON array of HubSpot events' }).min(1, 'must hold at least one event').max(1000, 'must hold at most 1000 events');

export type HubSpotEvent = z.infer<typeof eventSchema>;

/**
 * What a delivery means for Leadloop: a notice for each contact property
 * change the mapping knows (lifecyclestage, hs_lead_status, …), matched by
 * the lead's external id `hubspot:<objectId>`; every other event is counted
 * as ignored, with why.
 */
export function noticesFromHubSpot(events: HubSpotEvent[], mapping: CrmMapping['hubspot'], receivedAt: Date): { notices: CrmNotice[]; ignored: Array<{ eventId: string; why: string }> } {
  const notices: CrmNotice[] = [];
  const ignored: Array<{ eventId: string; why: string }> = [];
  for (const event of events) {
    const aboutContact = event.subscriptionType === 'contact.propertyChange' || (event.subscriptionType === 'object.propertyChange' && event.objectTypeId === '0-1');
    if (!aboutContact) {
      ignored.push({ eventId: event.eventId, why: `${event.subscriptionType} is not a contact property change` });
      continue;
    }
    const property = event.propertyName ?? '';
    const table = Object.entries(mapping.properties).find(([name]) => name.toLowerCase() === property.toLowerCase())?.[1];
    if (!table || !event.objectId) {
      ignored.push({ eventId: event.eventId, why: `the property ${property || '(none)'} is not mapped` });
      continue;
    }
    const value = event.propertyValue === null || event.propertyValue === undefined ? '' : String(event.propertyValue);
    const target = targetFor(table, value);
    if (!target) {
      ignored.push({ eventId: event.eventId, why: `${property} = ${value || '(empty)'} means no step` });
      continue;
    }
    notices.push({
      // HubSpot says an eventId alone "is not guaranteed to be unique": with the contact, a retry is still the same notice.
      id: `hubspot:${event.eventId}:${event.objectId}`,
      system: 'hubspot',
      occurredAt: typeof event.occurredAt === 'number' ? new Date(event.occurredAt) : receivedAt,
      match: { ids: [`hubspot:${event.objectId}`] },
      step: CRM_STAGE_STEPS[target.stage],
      details: { ...(target.reason ? { reason: target.reason } : {}), note: `HubSpot: ${property} → ${value}` },
      said: `${property} → ${value}`,
    });
  }
  return { notices, ignored };
}
