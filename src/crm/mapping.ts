import { z } from 'zod';
import { CRM_STAGE_STEPS, type CrmStage, type CrmTarget } from './notice.js';

/**
 * How CRM values map to Leadloop's stages (config/crm.yml, or
 * CRM_MAPPING_FILE). Every part has a default that fits an out-of-the-box
 * HubSpot portal and Salesforce org; a file overrides only what it names.
 */
export type CrmMapping = {
  hubspot: {
    /** Contact property → value (HubSpot's internal value, any letter case) → what it means. */
    properties: Record<string, Record<string, CrmTarget>>;
  };
  salesforce: {
    /** Lead Status → what it means. */
    leadStatus: Record<string, CrmTarget>;
    /** What a converted lead (IsConverted with an opportunity) means. */
    converted: CrmTarget;
    /** Opportunity StageName → what it means, before IsWon / IsClosed are read. */
    opportunityStage: Record<string, CrmTarget>;
    /** The lost reason of an opportunity closed and not won. */
    opportunityLostReason: string;
    /** The currency of amounts when the org has no multi-currency (no CurrencyIsoCode in the message). */
    currency: string;
  };
};

export const DEFAULT_CRM_MAPPING: CrmMapping = {
  hubspot: {
    properties: {
      // HubSpot's default lifecycle stages (internal values).
      lifecyclestage: {
        salesqualifiedlead: { stage: 'sql' },
        opportunity: { stage: 'opportunity' },
        customer: { stage: 'won' },
      },
      // HubSpot's default lead statuses.
      hs_lead_status: {
        ATTEMPTED_TO_CONTACT: { stage: 'contacted' },
        CONNECTED: { stage: 'contacted' },
        IN_PROGRESS: { stage: 'contacted' },
        OPEN_DEAL: { stage: 'opportunity' },
        UNQUALIFIED: { stage: 'lost', reason: 'no_decision' },
        BAD_TIMING: { stage: 'lost', reason: 'timing' },
      },
    },
  },
  salesforce: {
    // Salesforce's default Lead Status picklist.
    leadStatus: {
      'Working - Contacted': { stage: 'contacted' },
      'Closed - Not Converted': { stage: 'lost', reason: 'no_decision' },
    },
    converted: { stage: 'opportunity' },
    opportunityStage: {},
    opportunityLostReason: 'no_decision',
    currency: 'USD',
  },
};

const stageWords = Object.keys(CRM_STAGE_STEPS) as CrmStage[];
const reasonKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a reason key of the lead definition, such as no_decision');
/** `won`, or `{ stage: lost, reason: timing }`. */
const target = z.union([
  z.enum(stageWords, { error: `must be one of: ${stageWords.join(', ')}` }).transform((stage): CrmTarget => ({ stage })),
  z.strictObject({ stage: z.enum(stageWords, { error: `must be one of: ${stageWords.join(', ')}` }), reason: reasonKey.optional() }),
], { error: `must be a stage (${stageWords.join(', ')}) or { stage, reason }` });

const fileSchema = z.strictObject({
  hubspot: z.strictObject({ properties: z.record(z.string().min(1), z.record(z.string().min(1), target)).optional() }).optional(),
  salesforce: z
    .strictObject({
      leadStatus: z.record(z.string().min(1), target).optional(),
      converted: target.optional(),
      opportunityStage: z.record(z.string().min(1), target).optional(),
      opportunityLostReason: reasonKey.optional(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as USD').optional(),
    })
    .optional(),
});

/** Reads a mapping file's content (already parsed YAML; null when there is none) over the defaults. */
export function parseCrmMapping(raw: unknown): { ok: true; mapping: CrmMapping } | { ok: false; problems: string[] } {
  if (raw === null || raw === undefined) return { ok: true, mapping: DEFAULT_CRM_MAPPING };
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'} ${i.message}`) };
  const file = parsed.data;
  const d = DEFAULT_CRM_MAPPING;
  const lost = (t: CrmTarget, where: string) => (t.stage === 'lost' && !t.reason ? [`${where} is lost but names no reason (add reason: <lost reason key>)`] : []);
  const mapping: CrmMapping = {
    hubspot: { properties: { ...d.hubspot.properties, ...(file.hubspot?.properties ?? {}) } },
    salesforce: {
      leadStatus: file.salesforce?.leadStatus ?? d.salesforce.leadStatus,
      converted: file.salesforce?.converted ?? d.salesforce.converted,
      opportunityStage: file.salesforce?.opportunityStage ?? d.salesforce.opportunityStage,
      opportunityLostReason: file.salesforce?.opportunityLostReason ?? d.salesforce.opportunityLostReason,
      currency: file.salesforce?.currency ?? d.salesforce.currency,
    },
  };
  const problems = [
    ...Object.entries(mapping.hubspot.properties).flatMap(([p, values]) => Object.entries(values).flatMap(([v, t]) => lost(t, `hubspot.properties.${p}.${v}`))),
    ...Object.entries(mapping.salesforce.leadStatus).flatMap(([v, t]) => lost(t, `salesforce.leadStatus.${v}`)),
    ...Object.entries(mapping.salesforce.opportunityStage).flatMap(([v, t]) => lost(t, `salesforce.opportunityStage.${v}`)),
    ...lost(mapping.salesforce.converted, 'salesforce.converted'),
  ];
  return problems.length ? { ok: false, problems } : { ok: true, mapping };
}

/** The target a value maps to, letter case aside (HubSpot's internal values vary in case). */
export function targetFor(table: Record<string, CrmTarget>, value: string): CrmTarget | undefined {
  const wanted = value.trim().toLowerCase();
  for (const [key, t] of Object.entries(table)) if (key.trim().toLowerCase() === wanted) return t;
  return undefined;
}
