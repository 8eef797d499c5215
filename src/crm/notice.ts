import type { Step, StepDetails } from '../leads/lead.js';

/** The CRMs Leadloop hears natively (the generic events API serves any other). */
export type CrmSystem = 'hubspot' | 'salesforce';

/**
 * One thing a CRM told Leadloop about a lead, in Leadloop's words: which lead
 * (by the CRM's record ids, or by email), what step it means, and which
 * other CRM records belong to the lead from now on (a Salesforce lead
 * converted into an opportunity). Pure data: where it came from and how it
 * is applied are the edges' and the use cases' business.
 */
export type CrmNotice = {
  /** Unique per delivery the CRM may repeat: `hubspot:<eventId>:<objectId>`, `salesforce:<notification Id>`. */
  id: string;
  system: CrmSystem;
  occurredAt: Date;
  /** Which lead: any of these ids (`hubspot:<objectId>`, `salesforce:<Id>`), else this email. */
  match: { ids: string[]; email?: string };
  /** The step it means, if any (a notice may only link records). */
  step?: Step;
  details?: StepDetails;
  /** CRM record ids that belong to the lead from now on (e.g. `salesforce:<opportunity Id>`). */
  link?: string[];
  /** What the CRM said, for people: "lifecyclestage → customer", "Opportunity Closed Won". */
  said: string;
};

/** A stage word in a mapping and the step of a lead's life it means (the events API's words, plus contacted). */
export const CRM_STAGE_STEPS = { contacted: 'contacted', sql: 'meeting', opportunity: 'opportunity', won: 'won', lost: 'lost' } as const satisfies Record<string, Step>;
export type CrmStage = keyof typeof CRM_STAGE_STEPS;

/** What one CRM value means in Leadloop: a stage, and for `lost` the lost reason key (one of the definition's). */
export type CrmTarget = { stage: CrmStage; reason?: string };
