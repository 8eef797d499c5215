/**
 * The closed-loop figures recomputed from stored lead documents in plain
 * TypeScript, following the README's "Closed-loop reports" word for word.
 * Written independently of src/reports/ (it imports nothing from src/), so
 * a report test compares two implementations of the same rules.
 */

type Doc = Record<string, any>;
type Entry = { at: Date; to: string; event: string; by?: { userId?: string }; details?: { reason?: string; assignee?: string } };

const MQL_OR_LATER = ['mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'rejected'];
const TAKEN_ON = ['sal', 'sql', 'opportunity', 'won', 'lost', 'rejected'];

export type Recomputed = ReturnType<typeof recompute>;

/** PERCENTILE.INC, as a spreadsheet computes it. */
function percentileInc(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = (s.length - 1) * p;
  const lo = Math.floor(rank);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (rank - lo);
}

function spread(values: number[]) {
  return values.length ? { median: percentileInc(values, 0.5), p90: percentileInc(values, 0.9), count: values.length } : null;
}

/** What one lead contributes. */
export function leadFacts(doc: Doc) {
  const history: Entry[] = doc.history;
  const stages = new Set(history.map((e) => e.to));
  const events = new Set(history.map((e) => e.event));
  const any = (list: string[]) => list.some((s) => stages.has(s));
  const firstAt = (stage: string) => history.find((e) => e.to === stage)?.at ?? null;
  const minutes = (from: Date | null, to: Date | null) => (from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 60_000 : null);
  const won = stages.has('won');
  const opportunity = won || stages.has('opportunity');
  const sql = opportunity || stages.has('sql');
  const taken = history.filter((e) => e.event === 'claimed' || e.event === 'escalated' || e.event === 'account_owner' || e.event === 'prospected').at(-1);
  // README: a rep's own prospect (origin sales) counts in leads in, SQL, opportunity, won, lost and revenue only.
  const sales = doc.origin === 'sales';
  const mql = !sales && any(MQL_OR_LATER);
  return {
    origin: sales ? 'sales' : 'marketing',
    source: doc.source ?? '(none)',
    campaign: doc.campaign ?? '(none)',
    // README: by queue counts the leads routing posted (a queue, or the default one).
    queue: (doc.queue?.name as string | undefined) ?? null,
    rep: taken ? (taken.details?.assignee ?? taken.by?.userId ?? null) : null,
    mql,
    nurture: !sales && stages.has('nurture') && !mql,
    claimed: !sales && any(TAKEN_ON),
    accepted: !sales && (events.has('accept') || events.has('auto_accepted') || sql),
    rejected: !sales && events.has('reject'),
    sql,
    opportunity,
    won,
    lost: stages.has('lost'),
    claimMinutes: sales ? null : minutes(firstAt('mql'), firstAt('sal')),
    firstTouchMinutes: sales ? null : minutes(firstAt('mql'), doc.firstTouchAt ?? null),
    revenue: doc.outcome?.kind === 'won' && typeof doc.outcome.amount === 'number' ? { currency: doc.outcome.currency as string, amount: doc.outcome.amount as number } : null,
    reasons: history.filter((e) => e.event === 'reject').map((e) => e.details?.reason ?? 'unknown'),
    // README: a lead checked by sales has findings; qualified by sales when they meet the definition.
    checkedBySales: Boolean(doc.findings),
    qualifiedBySales: doc.findings?.qualified === true,
    claimReminder: events.has('claim_reminder'),
    escalated: events.has('escalated'),
    firstTouchReminder: events.has('first_touch_reminder'),
  };
}

type Facts = ReturnType<typeof leadFacts>;

export function figuresOfFacts(facts: Facts[]) {
  const count = (pick: (f: Facts) => boolean) => facts.filter(pick).length;
  const rate = (a: number, b: number) => (b === 0 ? null : a / b);
  const revenueOf = (group: Facts[]) => {
    const sums = new Map<string, number>();
    for (const f of group) if (f.revenue) sums.set(f.revenue.currency, (sums.get(f.revenue.currency) ?? 0) + f.revenue.amount);
    return sums;
  };
  const revenue = revenueOf(facts);
  const sorted = (sums: Map<string, number>) => [...sums].filter(([, amount]) => amount !== 0).map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
  const origin = (name: string) => {
    const group = facts.filter((f) => f.origin === name);
    const own = revenueOf(group);
    return {
      leadsIn: group.length,
      sql: group.filter((f) => f.sql).length,
      opportunity: group.filter((f) => f.opportunity).length,
      won: group.filter((f) => f.won).length,
      lost: group.filter((f) => f.lost).length,
      revenue: sorted(own),
      revenueShare: sorted(revenue).filter((r) => r.amount > 0).map(({ currency, amount }) => ({ currency, share: (own.get(currency) ?? 0) / amount })),
    };
  };
  const marketing = origin('marketing');
  const c = {
    leadsIn: facts.length,
    mql: count((f) => f.mql),
    nurture: count((f) => f.nurture),
    claimed: count((f) => f.claimed),
    accepted: count((f) => f.accepted),
    rejected: count((f) => f.rejected),
    sql: count((f) => f.sql),
    opportunity: count((f) => f.opportunity),
    won: count((f) => f.won),
    lost: count((f) => f.lost),
    checkedBySales: count((f) => f.checkedBySales),
    qualifiedBySales: count((f) => f.qualifiedBySales),
  };
  const breaches = { claimReminders: count((f) => f.claimReminder), escalations: count((f) => f.escalated), firstTouchReminders: count((f) => f.firstTouchReminder) };
  return {
    ...c,
    acceptanceRate: rate(c.accepted, c.claimed),
    speedToClaim: spread(facts.flatMap((f) => (f.claimMinutes !== null && f.claimMinutes >= 0 ? [f.claimMinutes] : []))),
    speedToFirstTouch: spread(facts.flatMap((f) => (f.firstTouchMinutes !== null && f.firstTouchMinutes >= 0 ? [f.firstTouchMinutes] : []))),
    // The waterfall is marketing-sourced leads'.
    funnel: { mql: c.mql, sal: c.accepted, sql: marketing.sql, opportunity: marketing.opportunity, won: marketing.won },
    conversion: { salOfMql: rate(c.accepted, c.mql), sqlOfSal: rate(marketing.sql, c.accepted), opportunityOfSql: rate(marketing.opportunity, marketing.sql), wonOfOpportunity: rate(marketing.won, marketing.opportunity) },
    revenue: sorted(revenue),
    breaches: { ...breaches, total: breaches.claimReminders + breaches.escalations + breaches.firstTouchReminders },
    byOrigin: { marketing, sales: origin('sales') },
  };
}

function breakdown(facts: Facts[], keyOf: (f: Facts) => string, top: number) {
  const groups = new Map<string, Facts[]>();
  for (const f of facts) groups.set(keyOf(f), [...(groups.get(keyOf(f)) ?? []), f]);
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || count(b[1]) - count(a[1]) || a[0].localeCompare(b[0]));
  const rows = sorted.slice(0, top).map(([key, group]) => ({ key, figures: figuresOfFacts(group) }));
  const rest = sorted.slice(top);
  return { rows, others: rest.length ? { key: `${rest.length} others`, figures: figuresOfFacts(rest.flatMap(([, g]) => g)) } : null };
  function count(group: Facts[]) {
    return group.filter((f) => f.won).length;
  }
}

/** Every figure of a report over `docs` for [start, end), filtered like /leads stats. */
export function recompute(docs: Doc[], period: { start: Date; end: Date }, filter: { source?: string; campaign?: string; origin?: string; queue?: string } = {}) {
  const inPeriod = docs.filter(
    (d) =>
      new Date(d.receivedAt) >= period.start &&
      new Date(d.receivedAt) < period.end &&
      (filter.source === undefined || d.source === filter.source) &&
      (filter.campaign === undefined || d.campaign === filter.campaign) &&
      (filter.origin === undefined || (d.origin ?? 'marketing') === filter.origin) &&
      (filter.queue === undefined || d.queue?.name === filter.queue),
  );
  const facts = inPeriod.map(leadFacts);
  const reasons = new Map<string, number>();
  for (const f of facts) for (const r of f.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const reps = new Map<string, Facts[]>();
  for (const f of facts) if (f.rep) reps.set(f.rep, [...(reps.get(f.rep) ?? []), f]);
  return {
    figures: figuresOfFacts(facts),
    rejections: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    bySource: breakdown(facts, (f) => f.source, 5),
    byCampaign: breakdown(facts, (f) => f.campaign, 5),
    byQueue: [...new Set(facts.flatMap((f) => (f.queue ? [f.queue] : [])))]
      .map((key) => ({ key, figures: figuresOfFacts(facts.filter((f) => f.queue === key)) }))
      .sort((a, b) => b.figures.leadsIn - a.figures.leadsIn || a.key.localeCompare(b.key)),
    byRep: [...reps]
      .map(([userId, group]) => {
        const counts = new Map<string, number>();
        for (const r of group.flatMap((f) => f.reasons)) counts.set(r, (counts.get(r) ?? 0) + 1);
        const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
        return { userId, figures: figuresOfFacts(group), topRejection: top ? { reason: top[0], count: top[1] } : null };
      })
      .sort((a, b) => b.figures.claimed - a.figures.claimed || a.userId.localeCompare(b.userId)),
  };
}
