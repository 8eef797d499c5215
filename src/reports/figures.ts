/**
 * The closed-loop figures of one group of leads (a period's leads, or one
 * source's or campaign's share of them), and the arithmetic on them. Pure:
 * the aggregation in storage/leadReports.ts supplies the counts.
 */

/** Counts and samples of one group, as the database sums them. */
export type Tally = {
  /** Leads that came in. */
  leadsIn: number;
  /** Of those, leads that met the definition (at arrival or later) and went to sales. */
  mql: number;
  /** Leads that came in below the definition and never met it. */
  nurture: number;
  /** Leads a rep took on (claimed, or assigned on escalation). */
  claimed: number;
  /** Leads sales accepted (by a rep, or automatically after the verdict window): SAL. */
  accepted: number;
  /** Leads a rep rejected as not a lead. */
  rejected: number;
  sql: number;
  opportunity: number;
  won: number;
  lost: number;
  /** Minutes from qualifying (posted for claiming) to the first claim, one per claimed lead. */
  claimMinutes: number[];
  /** Minutes from qualifying to the first contact, one per contacted lead. */
  firstTouchMinutes: number[];
  revenue: Array<{ currency: string; amount: number }>;
  /** Leads nudged for not being claimed in the claim window. */
  claimReminders: number;
  /** Leads assigned by round-robin after a second window. */
  escalations: number;
  /** Claimed leads whose owner was reminded of the missing first touch. */
  firstTouchReminders: number;
  /** Of leadsIn, sql, opportunity, won and lost: the sales-sourced leads (reps' own prospects); the rest are marketing's. */
  salesLeadsIn: number;
  salesSql: number;
  salesOpportunity: number;
  salesWon: number;
  salesLost: number;
  /** Won amounts of sales-sourced leads (also in `revenue`). */
  salesRevenue: Array<{ currency: string; amount: number }>;
  /** Leads sales qualified (recorded its findings), and of those, the ones whose findings meet the definition. */
  checkedBySales: number;
  qualifiedBySales: number;
};

export const EMPTY_TALLY: Tally = {
  leadsIn: 0,
  mql: 0,
  nurture: 0,
  claimed: 0,
  accepted: 0,
  rejected: 0,
  sql: 0,
  opportunity: 0,
  won: 0,
  lost: 0,
  claimMinutes: [],
  firstTouchMinutes: [],
  revenue: [],
  claimReminders: 0,
  escalations: 0,
  firstTouchReminders: 0,
  salesLeadsIn: 0,
  salesSql: 0,
  salesOpportunity: 0,
  salesWon: 0,
  salesLost: 0,
  salesRevenue: [],
  checkedBySales: 0,
  qualifiedBySales: 0,
};

/** One origin's share of a report: what its leads became. */
export type OriginFigures = {
  leadsIn: number;
  sql: number;
  opportunity: number;
  won: number;
  lost: number;
  /** Won amounts, summed per currency, largest first. */
  revenue: Array<{ currency: string; amount: number }>;
  /** Of each currency's won revenue, the share this origin brought (0–1). */
  revenueShare: Array<{ currency: string; share: number }>;
};

export type Spread = { median: number; p90: number; count: number };

/** What the digest and /leads stats show for one group. */
export type Figures = Pick<Tally, 'leadsIn' | 'mql' | 'nurture' | 'claimed' | 'accepted' | 'rejected' | 'sql' | 'opportunity' | 'won' | 'lost' | 'checkedBySales' | 'qualifiedBySales'> & {
  /** accepted / claimed, or null when nothing was claimed. */
  acceptanceRate: number | null;
  speedToClaim: Spread | null;
  speedToFirstTouch: Spread | null;
  /**
   * How many marketing-sourced leads reached or passed each stage of the
   * waterfall (SAL = accepted by sales); never rises from one stage to the
   * next. Sales-sourced leads join at SQL and are in `byOrigin` (and in the
   * totals `sql`, `opportunity`, `won`, `lost`, `revenue`).
   */
  funnel: { mql: number; sal: number; sql: number; opportunity: number; won: number };
  /** Each stage's count over the stage before it (SAL/MQL, SQL/SAL, opportunity/SQL, won/opportunity); null when the stage before is empty. */
  conversion: { salOfMql: number | null; sqlOfSal: number | null; opportunityOfSql: number | null; wonOfOpportunity: number | null };
  /** Won amounts, summed per currency, largest first. */
  revenue: Array<{ currency: string; amount: number }>;
  breaches: { claimReminders: number; escalations: number; firstTouchReminders: number; total: number };
  /** Marketing-sourced and sales-sourced side by side. */
  byOrigin: { marketing: OriginFigures; sales: OriginFigures };
};

/** The figures a report is compared on, week over week. */
export type Headline = Pick<Figures, 'leadsIn' | 'mql' | 'claimed' | 'accepted' | 'acceptanceRate' | 'won'> & { breaches: { total: number } };

export function figuresOf(t: Tally): Figures {
  const marketing = { sql: t.sql - t.salesSql, opportunity: t.opportunity - t.salesOpportunity, won: t.won - t.salesWon };
  const revenue = sumByCurrency(t.revenue);
  const salesRevenue = sumByCurrency(t.salesRevenue);
  const marketingRevenue = revenue
    .map(({ currency, amount }) => ({ currency, amount: amount - (salesRevenue.find((r) => r.currency === currency)?.amount ?? 0) }))
    .filter((r) => r.amount !== 0)
    .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
  const shareOf = (part: Array<{ currency: string; amount: number }>) =>
    revenue.filter((r) => r.amount > 0).map(({ currency, amount }) => ({ currency, share: (part.find((p) => p.currency === currency)?.amount ?? 0) / amount }));
  return {
    leadsIn: t.leadsIn,
    mql: t.mql,
    nurture: t.nurture,
    claimed: t.claimed,
    accepted: t.accepted,
    rejected: t.rejected,
    sql: t.sql,
    opportunity: t.opportunity,
    acceptanceRate: ratio(t.accepted, t.claimed),
    speedToClaim: spread(t.claimMinutes),
    speedToFirstTouch: spread(t.firstTouchMinutes),
    funnel: { mql: t.mql, sal: t.accepted, sql: marketing.sql, opportunity: marketing.opportunity, won: marketing.won },
    conversion: {
      salOfMql: ratio(t.accepted, t.mql),
      sqlOfSal: ratio(marketing.sql, t.accepted),
      opportunityOfSql: ratio(marketing.opportunity, marketing.sql),
      wonOfOpportunity: ratio(marketing.won, marketing.opportunity),
    },
    won: t.won,
    lost: t.lost,
    checkedBySales: t.checkedBySales,
    qualifiedBySales: t.qualifiedBySales,
    revenue,
    breaches: {
      claimReminders: t.claimReminders,
      escalations: t.escalations,
      firstTouchReminders: t.firstTouchReminders,
      total: t.claimReminders + t.escalations + t.firstTouchReminders,
    },
    byOrigin: {
      marketing: { leadsIn: t.leadsIn - t.salesLeadsIn, ...marketing, lost: t.lost - t.salesLost, revenue: marketingRevenue, revenueShare: shareOf(marketingRevenue) },
      sales: { leadsIn: t.salesLeadsIn, sql: t.salesSql, opportunity: t.salesOpportunity, won: t.salesWon, lost: t.salesLost, revenue: salesRevenue, revenueShare: shareOf(salesRevenue) },
    },
  };
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Median and 90th percentile, or null without samples. */
export function spread(samples: number[]): Spread | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), count: sorted.length };
}

/**
 * The p-th percentile of sorted values, interpolating between the two nearest
 * ranks (as spreadsheets' PERCENTILE.INC does): the median of 1, 2, 3, 4 is 2.5.
 */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  const rank = (sorted.length - 1) * p;
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

export function sumByCurrency(amounts: Array<{ currency: string; amount: number }>): Array<{ currency: string; amount: number }> {
  const totals = new Map<string, number>();
  for (const { currency, amount } of amounts) totals.set(currency, (totals.get(currency) ?? 0) + amount);
  return [...totals].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
}

/** One source's or campaign's row in the breakdown. */
export type Breakdown = { key: string; figures: Figures };

/**
 * The `top` groups with the most leads in, then everything else folded into
 * one "others" row, so a long tail of UTM values cannot bury the message.
 */
export function topGroups(groups: Array<{ key: string; tally: Tally }>, top: number): { rows: Breakdown[]; others: Breakdown | null } {
  const sorted = [...groups].sort((a, b) => b.tally.leadsIn - a.tally.leadsIn || b.tally.won - a.tally.won || a.key.localeCompare(b.key));
  const rows = sorted.slice(0, top).map((g) => ({ key: g.key, figures: figuresOf(g.tally) }));
  const rest = sorted.slice(top);
  if (rest.length === 0) return { rows, others: null };
  return { rows, others: { key: `${rest.length} others`, figures: figuresOf(rest.map((g) => g.tally).reduce(addTallies, EMPTY_TALLY)) } };
}

export function addTallies(a: Tally, b: Tally): Tally {
  return {
    leadsIn: a.leadsIn + b.leadsIn,
    mql: a.mql + b.mql,
    nurture: a.nurture + b.nurture,
    claimed: a.claimed + b.claimed,
    accepted: a.accepted + b.accepted,
    rejected: a.rejected + b.rejected,
    sql: a.sql + b.sql,
    opportunity: a.opportunity + b.opportunity,
    won: a.won + b.won,
    lost: a.lost + b.lost,
    claimMinutes: [...a.claimMinutes, ...b.claimMinutes],
    firstTouchMinutes: [...a.firstTouchMinutes, ...b.firstTouchMinutes],
    revenue: [...a.revenue, ...b.revenue],
    claimReminders: a.claimReminders + b.claimReminders,
    escalations: a.escalations + b.escalations,
    firstTouchReminders: a.firstTouchReminders + b.firstTouchReminders,
    salesLeadsIn: a.salesLeadsIn + b.salesLeadsIn,
    salesSql: a.salesSql + b.salesSql,
    salesOpportunity: a.salesOpportunity + b.salesOpportunity,
    salesWon: a.salesWon + b.salesWon,
    salesLost: a.salesLost + b.salesLost,
    salesRevenue: [...a.salesRevenue, ...b.salesRevenue],
    checkedBySales: a.checkedBySales + b.checkedBySales,
    qualifiedBySales: a.qualifiedBySales + b.qualifiedBySales,
  };
}

/** "+25%", "−10%", "new" (from zero), or null when both are zero. */
export function change(current: number, previous: number): string | null {
  if (current === 0 && previous === 0) return null;
  if (previous === 0) return 'new';
  const pct = Math.round(((current - previous) / previous) * 100);
  if (pct === 0) return '±0%';
  return pct > 0 ? `+${pct}%` : `−${Math.abs(pct)}%`;
}
