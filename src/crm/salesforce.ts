import { targetFor, type CrmMapping } from './mapping.js';
import { CRM_STAGE_STEPS, type CrmNotice, type CrmTarget } from './notice.js';

/**
 * One notification of a Salesforce Outbound Message, as read from its SOAP
 * body: the notification Id, the sObject's type (Lead, Opportunity) and the
 * fields the admin chose to send, as text (absent or nil fields are absent).
 */
export type SalesforceNotification = { id: string; objectType: string; fields: Record<string, string> };

const truthy = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

/**
 * What each notification means for Leadloop. A Lead is matched by
 * `salesforce:<Lead Id>` or its Email; its Status maps through the mapping,
 * and once converted (IsConverted with a ConvertedOpportunityId) the
 * opportunity's Id is linked to the lead. An Opportunity is matched by its
 * own Id (linked on conversion, or the lead's external id) and moves the
 * lead to opportunity, won (Amount, CurrencyIsoCode) or lost.
 */
export function noticesFromSalesforce(notifications: SalesforceNotification[], mapping: CrmMapping['salesforce'], receivedAt: Date): { notices: CrmNotice[]; ignored: Array<{ id: string; why: string }> } {
  const notices: CrmNotice[] = [];
  const ignored: Array<{ id: string; why: string }> = [];
  for (const n of notifications) {
    const recordId = n.fields.Id;
    if (!recordId) {
      ignored.push({ id: n.id, why: `the ${n.objectType} carries no Id field` });
      continue;
    }
    const base = { id: `salesforce:${n.id}`, system: 'salesforce' as const, occurredAt: lastModified(n.fields) ?? receivedAt };
    if (n.objectType === 'Lead') {
      const email = n.fields.Email?.trim() || undefined;
      const match = { ids: [`salesforce:${recordId}`], ...(email ? { email } : {}) };
      const opportunity = n.fields.ConvertedOpportunityId?.trim();
      if (truthy(n.fields.IsConverted) && opportunity) {
        notices.push({ ...base, match, link: [`salesforce:${opportunity}`], ...stepOf(mapping.converted, `Lead converted to opportunity ${opportunity}`), said: `Lead converted (opportunity ${opportunity})` });
        continue;
      }
      const status = n.fields.Status?.trim();
      const target = status ? targetFor(mapping.leadStatus, status) : undefined;
      if (!target) {
        ignored.push({ id: n.id, why: status ? `Lead Status "${status}" means no step` : 'the Lead carries no Status' });
        continue;
      }
      notices.push({ ...base, match, ...stepOf(target, `Salesforce Lead Status: ${status}`), said: `Lead Status → ${status}` });
      continue;
    }
    if (n.objectType === 'Opportunity') {
      const stage = n.fields.StageName?.trim() ?? '';
      const mapped = stage ? targetFor(mapping.opportunityStage, stage) : undefined;
      const closed = n.fields.IsClosed !== undefined ? truthy(n.fields.IsClosed) : /^closed\b/i.test(stage);
      const won = n.fields.IsWon !== undefined ? truthy(n.fields.IsWon) : /^closed\s+won$/i.test(stage);
      const target: CrmTarget = mapped ?? (closed ? (won ? { stage: 'won' } : { stage: 'lost', reason: mapping.opportunityLostReason }) : { stage: 'opportunity' });
      const amount = Number(n.fields.Amount);
      const details =
        target.stage === 'won' && n.fields.Amount !== undefined && Number.isFinite(amount) && amount > 0
          ? { amount, currency: (n.fields.CurrencyIsoCode?.trim() || mapping.currency).toUpperCase() }
          : {};
      const said = `Opportunity ${stage || '(no stage)'}${details.amount ? ` ${details.amount} ${details.currency}` : ''}`;
      const step = stepOf(target, `Salesforce Opportunity: ${stage || (won ? 'won' : closed ? 'closed' : 'open')}`);
      notices.push({ ...base, match: { ids: [`salesforce:${recordId}`] }, ...step, details: { ...step.details, ...details }, said });
      continue;
    }
    ignored.push({ id: n.id, why: `${n.objectType} notifications are not read (send Lead or Opportunity)` });
  }
  return { notices, ignored };
}

function stepOf(target: CrmTarget, note: string): Pick<CrmNotice, 'step' | 'details'> {
  return { step: CRM_STAGE_STEPS[target.stage], details: { ...(target.reason ? { reason: target.reason } : {}), note } };
}

function lastModified(fields: Record<string, string>): Date | undefined {
  const at = fields.LastModifiedDate ?? fields.SystemModstamp;
  const date = at ? new Date(at) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
