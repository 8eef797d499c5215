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

/** A lead's figures by rep belong to whoever took it on last: a claim, or an escalation's assignment. */
export const TAKEN_ON_EVENTS = ['claimed', 'escalated'] as const satisfies ReadonlyArray<HistoryEntry['event']>;
