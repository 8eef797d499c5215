import type { Breakdown, Figures, Headline } from './figures.js';
import type { Period } from './periods.js';
import type { Origin } from '../leads/lead.js';

/** What a closed-loop report is: the figures of one period's leads, and their breakdowns (computed in storage/leadReports.ts). */

/** `queue`: the routing queue's name (`default` for leads no queue matched). */
export type StatsFilter = { source?: string; campaign?: string; origin?: Origin; queue?: string };

export type StatsReport = {
  period: Period;
  filter: StatsFilter;
  figures: Figures;
  /** Rejections by reason key, most frequent first. */
  rejections: Array<{ reason: string; count: number }>;
  bySource: { rows: Breakdown[]; others: Breakdown | null };
  /** Rows carry leads in, MQL, claimed, accepted, won and revenue (what the table shows). */
  byCampaign: { rows: Breakdown[]; others: Breakdown | null };
  /** Per routing queue the leads were posted to (`default`: no queue matched); leads never posted are not in it. Full figures (speed to claim). */
  byQueue: Breakdown[];
  /** Per rep who took leads on (the last claim or assignment of each lead), when asked for: most leads claimed first. */
  byRep?: RepRow[];
};

/** One rep's conversion: of the period's leads they took on, what became of them. */
export type RepRow = { userId: string; figures: Figures; topRejection: { reason: string; count: number } | null };

/** Leads without a source or campaign are grouped under this. */
export const NONE = '(none)';

/** The period a report is compared with, and its headline figures. */
export type Comparison = { period: Period; figures: Headline };

