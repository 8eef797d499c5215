import type { HistoryEntry, Stage } from '../leads/lead.js';

/**
 * The counting rules of every report, in one place: the aggregation
 * (storage/leadReports.ts) runs them in MongoDB, the export
 * (reports/exportRows.ts) lead by lead, so the two always agree.
 *
 * The waterfall is cumulative: a lead counts at every stage it reached *or
 * passed*. A lead won straight after Accept (a rep who skipped the middle
 * buttons, a CRM's `won`) counts at SQL and opportunity too, so no stage can
 * count more leads than the one before it. For each step, the stages in a
 * lead's history that prove it got that far:
 */
export const REACHED_OR_PASSED = {
  mql: ['mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'rejected'],
  /** Taken on by a rep (claimed or assigned): `sal` in Leadloop's history, and everything only a taken lead reaches. */
  claimed: ['sal', 'sql', 'opportunity', 'won', 'lost', 'rejected'],
  sql: ['sql', 'opportunity', 'won'],
  opportunity: ['opportunity', 'won'],
  won: ['won'],
} as const satisfies Record<string, readonly Stage[]>;

export type WaterfallStep = keyof typeof REACHED_OR_PASSED;

/** Accepted by sales (SAL): an accept, by a rep or automatic, or a stage only an accepted lead reaches (`REACHED_OR_PASSED.sql`). */
export const ACCEPT_EVENTS = ['accept', 'auto_accepted'] as const satisfies ReadonlyArray<HistoryEntry['event']>;

/** A lead's figures by rep belong to whoever took it on last: a claim, an escalation's assignment, the account's owner, or the rep who prospected it. */
export const TAKEN_ON_EVENTS = ['claimed', 'escalated', 'account_owner', 'prospected'] as const satisfies ReadonlyArray<HistoryEntry['event']>;

/**
 * Origins. A sales-sourced lead (a rep's own prospect) never went through
 * marketing's part of the waterfall: it counts in leads in, SQL,
 * opportunity, won, lost and revenue like any lead, and never in these,
 * which are about marketing's leads and how sales took them: MQL, nurture,
 * claimed, accepted (SAL), rejected, speed to claim and speed to first touch
 * (both timed from qualifying, which a prospect never does). So acceptance
 * and speed to lead stay marketing's, and the waterfall from MQL on is the
 * marketing-sourced leads' (each report also shows both origins side by side).
 */
export const MARKETING_ONLY_FIGURES = ['mql', 'nurture', 'claimed', 'accepted', 'rejected', 'speedToClaim', 'speedToFirstTouch'] as const;

/** Leads stored before origins existed have none: they are marketing's. */
export const DEFAULT_ORIGIN = 'marketing';
