import type { Judgement } from '../definition/judgement.js';

/** What a claimer can say about a lead after claiming it (the rules are in lifecycle.ts). */
export type Step = 'accept' | 'reject' | 'contacted' | 'meeting' | 'opportunity' | 'won' | 'lost';

export type Verdict =
  | { kind: 'accepted' | 'auto_accepted'; at: Date; by: string }
  /** A rep's own prospect: nothing to accept, the rep found it (see Origin). */
  | { kind: 'prospected'; at: Date; by: string }
  | { kind: 'rejected'; at: Date; by: string; reason: string; reasonLabel?: string; note?: string };

/** Reason keys come from the lead definition's lists; amounts are in the currency's main unit. */
export type StepDetails = {
  reason?: string;
  note?: string;
  amount?: number;
  currency?: string;
  assignee?: string;
  /** Reps passed over when a lead was given by turn, and why (away, daily cap, outside working hours…). */
  skipped?: Array<{ userId: string; reason: string }>;
  /** The queue whose turn it was. */
  queue?: string;
  /** Sales' findings, by question key (a `findings` entry). */
  findings?: Record<string, string>;
};

/** The shared vocabulary of a lead's life (see PRODUCT.md). */
export const STAGES = [
  'inquiry',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'won',
  'lost',
  'rejected',
  'nurture',
  'duplicate',
] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Who found the lead: marketing (the API, imports, `/leads new` by
 * marketing; the default) or sales (a rep's own prospect, owned by that rep
 * from the start and never offered for claiming).
 */
export const ORIGINS = ['marketing', 'sales'] as const;
export type Origin = (typeof ORIGINS)[number];

/** How a lead enters: marketing's, for sales to claim, or a rep's own prospect. */
export type LeadEntry = { origin: 'marketing' } | { origin: 'sales'; owner: string };

/** Stages of a lead someone in sales is working on: owned, not yet won, lost or rejected. */
export const OPEN_STAGES: Stage[] = ['sal', 'sql', 'opportunity'];

/** Who caused a change: a Slack user, the intake API, or Leadloop itself. */
export type Actor = { kind: 'user'; userId: string } | { kind: 'api' } | { kind: 'system' };

export type HistoryEntry = {
  at: Date;
  by: Actor;
  /** null for the entry that records the lead's arrival. */
  from: Stage | null;
  to: Stage;
  /** What happened, when the stage alone does not say it (e.g. "merged", "released"). */
  event:
    | 'received'
    /** A rep's own prospect arrived, owned by them (details.assignee). */
    | 'prospected'
    | 'merged'
    | 'qualified'
    | 'claimed'
    | 'released'
    | Step
    | 'auto_accepted'
    | 'requalified'
    /** Service levels: not claimed in the claim window, then assigned by round-robin; no first touch in time. */
    | 'claim_reminder'
    | 'escalated'
    /** Routed straight to the rep who owns the lead's company (details.assignee). */
    | 'account_owner'
    | 'first_touch_reminder'
    /** An admin erased the person's data (the history keeps the anonymous facts). */
    | 'erased'
    /** Sales recorded what they found out by asking the lead (see Findings). */
    | 'findings';
  /** The definition version a qualification was judged by. */
  definitionVersion?: number;
  /** What the person said with the step: a reason, a note, an amount. */
  details?: StepDetails;
  /** The Idempotency-Key of the API request that recorded it: a retry after a crash recognises its own step. */
  requestKey?: string;
};

/**
 * What sales found out by asking the lead, question by question of the
 * definition version in force then, beside what the lead came with
 * (marketing's answer), and what those findings score under that version.
 */
export type Findings = {
  definitionVersion: number;
  /** The rep (or `crm`) who recorded them, and when. */
  by: string;
  at: Date;
  answers: Array<{ key: string; label: string; found: string; foundLabel: string; intake: string | null; intakeLabel: string | null }>;
  score: number;
  threshold: number;
  /** The findings meet the definition: qualified by sales. */
  qualified: boolean;
};

/** What Leadloop knows of a company from its earlier leads, shown on a new lead's message (routing/accounts.ts). */
export type AccountSummary = {
  /** Earlier leads from the company. */
  leads: number;
  won: number;
  lost: number;
  /** Leads someone in sales is working on now (sal, sql, opportunity). */
  open: number;
  openOpportunities: number;
  revenue: Array<{ currency: string; amount: number }>;
  /** The rep who owns the account: most open or won leads there, then the latest taken on. */
  owner?: { userId: string; leads: number };
};

/** Where routing sent a lead: the queue's name, the routing version, and the queue it fell back from (its channel was gone). */
export type LeadQueue = { name: string; version: number; fallbackFrom?: string };

/** A step a CRM reported about a lead nobody had claimed yet, kept until someone does. */
export type PendingStep = {
  id: string;
  at: Date;
  step: Step;
  details?: StepDetails;
  qualification?: Record<string, string>;
  requestKey?: string;
  /** A native CRM's win may come without a sum (see checkDetails). */
  amountMayBeUnknown?: boolean;
};

export type Contact = { name?: string; email?: string; phone?: string; title?: string };
export type Company = { name?: string; domain?: string; size?: string; industry?: string; country?: string };
/** Answers to the lead definition's questions, by question key (need, budget, …). */
export type Qualification = Record<string, string>;

/** Whether and where the lead was posted for claiming. */
export type PostState =
  | { status: 'not_posted' }
  /** `attempts`: posts sent to Slack so far; after one, a retry first checks whether it landed. */
  | { status: 'pending'; attempts?: number }
  | { status: 'posted'; channelId: string; ts: string; postedAt: Date }
  | { status: 'failed'; error: string; failedAt: Date };

export type LeadFields = {
  contact: Contact;
  company: Company;
  source?: string;
  campaign?: string;
  qualification: Qualification;
  note?: string;
  externalId?: string;
};

export type Lead = LeadFields & {
  id: string;
  /** Marketing-sourced or sales-sourced; leads stored before origins existed are marketing's. */
  origin: Origin;
  stage: Stage;
  /** How the lead measured up against the definition version it was judged by. */
  judgement?: Judgement;
  owner: { userId: string; claimedAt: Date } | null;
  /** The claimer's verdict: accepted, auto-accepted after the window, or rejected with a reason. */
  verdict: Verdict | null;
  /** The first contact: the end of speed-to-lead. */
  firstTouchAt: Date | null;
  /** How it ended: won with an amount (absent when a CRM reported the win without one), or lost with a reason. */
  outcome: { kind: 'won'; amount?: number; currency?: string } | { kind: 'lost'; reason: string; reasonLabel?: string; note?: string } | null;
  /** Reps who said "not a lead": it is never offered to them again. */
  rejectedBy: string[];
  post: PostState;
  /** Which service-level notices went out for the current claim window. */
  serviceLevel?: { claimRemindedAt?: Date; escalatedAt?: Date; firstTouchRemindedAt?: Date };
  receivedAt: Date;
  history: HistoryEntry[];
  /** Its company's keys (`domain:acme.com`, `name:acme`), shared by leads from the same company. */
  accountKeys?: string[];
  /** What Leadloop knew of the company when the lead was posted (earlier leads, outcomes, owner). */
  account?: AccountSummary;
  /** The queue the lead was posted to (routing version it was decided by); `default` when no queue matched. */
  queue?: LeadQueue;
  /** Other CRM records that are this lead (a Salesforce opportunity it was converted into): `salesforce:<Id>`. */
  crmIds?: string[];
  /** Steps a CRM reported before anyone claimed the lead: applied, in order, when a rep takes it on. */
  pendingSteps?: PendingStep[];
  /** What sales found when qualifying the lead, the latest recording. */
  findings?: Findings;
  /** When the person's data was erased, if it was. */
  erasedAt?: Date;
  /** Messages about the lead posted outside its own message (rejection reports), which an erasure must reach too. */
  reportMessages?: Array<{ channelId: string; ts: string }>;
};
