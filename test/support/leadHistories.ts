import mongoose from 'mongoose';

/**
 * Known lead lives, for the reporting tests and the reporting benchmark: a
 * plan says what happened to each lead and when; `leadDocument` writes the
 * stored lead with the history Leadloop records for that life. Tests compute
 * the expected figures from the plans, never from the stored histories.
 */

export type LeadPlan = {
  receivedAt: Date;
  source?: string;
  campaign?: string;
  /** Met the definition on arrival (mql); otherwise nurture. */
  qualifies: boolean;
  /** Nudged for not being claimed in time. */
  reminded: boolean;
  /** Taken on after `afterMin` minutes, by a claim or by escalation to `by`. */
  claim?: { afterMin: number; by: string; escalated: boolean };
  verdict?: { kind: 'accept' | 'auto' } | { kind: 'reject'; reason: string };
  firstTouchAfterMin?: number;
  firstTouchReminded: boolean;
  /** How far it went after acceptance. */
  furthest?: 'sal' | 'sql' | 'opportunity' | 'won' | 'lost';
  won?: { amount: number; currency: string };
};

/** A small deterministic generator (mulberry32), so every run builds the same leads. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = ['web', 'webinar', 'partner', 'ads', 'events', 'referral', 'podcast', undefined];
const CAMPAIGNS = ['spring-launch', 'q4-webinars', 'brand', 'retargeting', 'partner-days', 'newsletter', 'trade-show', undefined];
const REASONS = ['no_budget', 'wrong_persona', 'student', 'competitor', 'duplicate'];
export const REPS = ['U0REP0001', 'U0REP0002', 'U0REP0003', 'U0REP0004'];

export function planLeads(count: number, range: { from: Date; to: Date }, seed = 42): LeadPlan[] {
  const rnd = random(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)]!;
  const span = range.to.getTime() - range.from.getTime();
  const plans: LeadPlan[] = [];
  for (let i = 0; i < count; i++) {
    const receivedAt = new Date(range.from.getTime() + Math.floor(rnd() * span));
    const plan: LeadPlan = { receivedAt, source: pick(SOURCES), campaign: pick(CAMPAIGNS), qualifies: rnd() < 0.75, reminded: false, firstTouchReminded: false };
    plans.push(plan);
    if (!plan.qualifies || rnd() < 0.1) continue; // nurture, or still unclaimed
    plan.reminded = rnd() < 0.2;
    const escalated = plan.reminded && rnd() < 0.5;
    plan.claim = { afterMin: Math.floor(rnd() * 600) + 1, by: pick(REPS), escalated };
    const v = rnd();
    if (v < 0.15) plan.verdict = { kind: 'reject', reason: pick(REASONS) };
    else if (v < 0.25) plan.verdict = { kind: 'auto' };
    else if (v < 0.9) plan.verdict = { kind: 'accept' };
    else continue; // no verdict yet
    if (plan.verdict.kind === 'reject') continue;
    plan.furthest = 'sal';
    if (rnd() < 0.8) plan.firstTouchAfterMin = plan.claim.afterMin + Math.floor(rnd() * 2000) + 1;
    else plan.firstTouchReminded = rnd() < 0.7;
    if (plan.firstTouchAfterMin === undefined) continue;
    const f = rnd();
    if (f < 0.4) continue;
    plan.furthest = f < 0.6 ? 'sql' : f < 0.75 ? 'opportunity' : f < 0.9 ? 'won' : 'lost';
    if (plan.furthest === 'won') plan.won = { amount: 1000 + Math.floor(rnd() * 50) * 100, currency: rnd() < 0.8 ? 'EUR' : 'USD' };
  }
  return plans;
}

const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

/** The lead document Leadloop would have stored after this life. */
export function leadDocument(plan: LeadPlan, index: number) {
  const system = { kind: 'system' };
  const history: Array<Record<string, unknown>> = [{ at: plan.receivedAt, by: { kind: 'api' }, from: null, to: plan.qualifies ? 'mql' : 'nurture', event: 'received', definitionVersion: 1 }];
  let stage = plan.qualifies ? 'mql' : 'nurture';
  const doc: Record<string, unknown> = {
    ...freshLeadDocument(`Lead ${index}`, `lead${index}@example.com`, `Company ${index % 500}`, plan.receivedAt),
    ...(plan.source ? { source: plan.source } : {}),
    ...(plan.campaign ? { campaign: plan.campaign } : {}),
    post: plan.qualifies ? { status: 'posted', channelId: 'C0LEADS0001', ts: `${Math.floor(plan.receivedAt.getTime() / 1000)}.000100`, postedAt: plan.receivedAt } : { status: 'not_posted' },
  };
  const serviceLevel: Record<string, Date> = {};
  if (plan.reminded) {
    const at = minutes(plan.receivedAt, Math.max(0, (plan.claim?.afterMin ?? 30) - 1));
    history.push({ at, by: system, from: 'mql', to: 'mql', event: 'claim_reminder' });
    serviceLevel.claimRemindedAt = at;
  }
  if (plan.claim) {
    const at = minutes(plan.receivedAt, plan.claim.afterMin);
    history.push(
      plan.claim.escalated
        ? { at, by: system, from: 'mql', to: 'sal', event: 'escalated', details: { assignee: plan.claim.by } }
        : { at, by: { kind: 'user', userId: plan.claim.by }, from: 'mql', to: 'sal', event: 'claimed' },
    );
    if (plan.claim.escalated) serviceLevel.escalatedAt = at;
    stage = 'sal';
    doc.owner = { userId: plan.claim.by, claimedAt: at };
    const by = { kind: 'user', userId: plan.claim.by };
    const verdictAt = minutes(at, 5);
    if (plan.verdict?.kind === 'reject') {
      history.push({ at: verdictAt, by, from: 'sal', to: 'rejected', event: 'reject', details: { reason: plan.verdict.reason } });
      stage = 'rejected';
      doc.verdict = { kind: 'rejected', at: verdictAt, by: plan.claim.by, reason: plan.verdict.reason };
      doc.rejectedBy = [plan.claim.by];
    } else if (plan.verdict) {
      const auto = plan.verdict.kind === 'auto';
      history.push({ at: verdictAt, by: auto ? system : by, from: 'sal', to: 'sal', event: auto ? 'auto_accepted' : 'accept' });
      doc.verdict = { kind: auto ? 'auto_accepted' : 'accepted', at: verdictAt, by: auto ? 'leadloop' : plan.claim.by };
    }
    if (plan.firstTouchReminded) {
      const at2 = minutes(at, 240);
      history.push({ at: at2, by: system, from: stage, to: stage, event: 'first_touch_reminder' });
      serviceLevel.firstTouchRemindedAt = at2;
    }
    if (plan.firstTouchAfterMin !== undefined) {
      const touched = minutes(plan.receivedAt, plan.firstTouchAfterMin);
      history.push({ at: touched, by, from: 'sal', to: 'sal', event: 'contacted' });
      doc.firstTouchAt = touched;
      let at3 = touched;
      const step = (to: string, event: string, details?: Record<string, unknown>) => {
        at3 = minutes(at3, 60 * 24);
        history.push({ at: at3, by, from: stage, to, event, ...(details ? { details } : {}) });
        stage = to;
      };
      const target = plan.furthest!;
      if (target !== 'sal') {
        if (target === 'sql' || target === 'opportunity' || target === 'won') step('sql', 'meeting');
        if (target === 'opportunity' || target === 'won') step('opportunity', 'opportunity');
        if (target === 'won') {
          step('won', 'won', { amount: plan.won!.amount, currency: plan.won!.currency });
          doc.outcome = { kind: 'won', amount: plan.won!.amount, currency: plan.won!.currency };
        }
        if (target === 'lost') {
          step('lost', 'lost', { reason: 'timing' });
          doc.outcome = { kind: 'lost', reason: 'timing' };
        }
      }
    }
  }
  doc.stage = stage;
  doc.history = history;
  if (Object.keys(serviceLevel).length) doc.serviceLevel = serviceLevel;
  return doc;
}

/** A stored lead as it is on arrival, before anything happened to it (history and stage are the caller's). */
export function freshLeadDocument(name: string, email: string, company: string, receivedAt: Date): Record<string, any> {
  return {
    _id: new mongoose.Types.ObjectId(),
    contact: { name, email, emailKey: email },
    company: { name: company },
    qualification: {},
    owner: null,
    verdict: null,
    firstTouchAt: null,
    outcome: null,
    rejectedBy: [],
    receivedAt,
    post: { status: 'not_posted' },
  };
}
