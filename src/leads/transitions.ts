import { OPEN_STAGES, type HistoryEntry, type Lead, type Stage } from './lead.js';

/**
 * Who may take a lead on or hand it back, when it is escalated and when a
 * service-level notice is due: each rule as a condition the lead must still
 * meet and the change it makes. Pure. Storage runs each as one atomic
 * conditional update (storage/leadRepository.ts `applyTransition`), so the
 * race (ten reps, two instances) is decided by the database on the rule
 * decided here.
 */

type NoticeField = 'claimRemindedAt' | 'escalatedAt' | 'firstTouchRemindedAt';

/** What the lead must still be when the change is made. */
export type LeadCondition = {
  stage?: Stage;
  /** A user id, or null for "nobody owns it". */
  owner?: string | null;
  /** The rep must not have said "not a lead" about it before. */
  notRejectedBy?: string;
  /** No verdict yet. */
  noVerdict?: true;
  /** No first contact recorded yet. */
  noFirstTouch?: true;
  /** These notices have not gone out for the current claim. */
  noticeNotSent?: NoticeField[];
  /** This notice went out at exactly this time (the run that began an escalation finishes it). */
  noticeSentAt?: { field: NoticeField; at: Date };
};

/** What the change does. */
export type LeadChange = {
  stage?: Stage;
  owner?: { userId: string; claimedAt: Date } | null;
  /** The service-level windows start again (back in play). */
  resetNotices?: true;
  notice?: { field: NoticeField; at: Date };
  history?: HistoryEntry;
};

export type Transition = { when: LeadCondition; change: LeadChange };

const SYSTEM = { kind: 'system' } as const;

/** A rep claims a posted, unowned lead; never one they rejected before. */
export function claim(userId: string, at: Date): Transition {
  return {
    when: { stage: 'mql', owner: null, notRejectedBy: userId },
    change: { stage: 'sal', owner: { userId, claimedAt: at }, history: { at, by: { kind: 'user', userId }, from: 'mql', to: 'sal', event: 'claimed' } },
  };
}

/** A new lead from a company a rep owns goes straight to that rep, before anyone could claim it. */
export function assignToAccountOwner(userId: string, at: Date): Transition {
  return {
    when: { stage: 'mql', owner: null, notRejectedBy: userId },
    change: { stage: 'sal', owner: { userId, claimedAt: at }, history: { at, by: SYSTEM, from: 'mql', to: 'sal', event: 'account_owner', details: { assignee: userId } } },
  };
}

/** Its owner hands a claimed lead back before giving a verdict; its service-level windows start again. */
export function release(userId: string, at: Date): Transition {
  return {
    when: { stage: 'sal', owner: userId, noVerdict: true },
    change: { stage: 'mql', owner: null, resetNotices: true, history: { at, by: { kind: 'user', userId }, from: 'sal', to: 'mql', event: 'released' } },
  };
}

/** Nobody claimed the lead in the claim window: it is nudged, once. */
export function claimReminder(at: Date): Transition {
  return {
    when: { stage: 'mql', owner: null, noticeNotSent: ['claimRemindedAt'] },
    change: { notice: { field: 'claimRemindedAt', at }, history: { at, by: SYSTEM, from: 'mql', to: 'mql', event: 'claim_reminder' } },
  };
}

/** A run takes the escalation of a still unclaimed lead, so two runs never both escalate it. */
export function beginEscalation(at: Date): Transition {
  return { when: { stage: 'mql', owner: null, noticeNotSent: ['escalatedAt'] }, change: { notice: { field: 'escalatedAt', at } } };
}

/** The run that began the escalation gives the lead to `assignee` (never one who rejected it), or only records it when nobody is available. */
export function finishEscalation(assignee: string | null, begunAt: Date, turn: { queue?: string; skipped?: Array<{ userId: string; reason: string }> } = {}): Transition {
  const when: LeadCondition = { stage: 'mql', owner: null, noticeSentAt: { field: 'escalatedAt', at: begunAt } };
  const why = { ...(turn.queue ? { queue: turn.queue } : {}), ...(turn.skipped?.length ? { skipped: turn.skipped } : {}) };
  if (!assignee) return { when, change: { history: { at: begunAt, by: SYSTEM, from: 'mql', to: 'mql', event: 'escalated', ...(Object.keys(why).length ? { details: why } : {}) } } };
  return {
    when: { ...when, notRejectedBy: assignee },
    change: {
      stage: 'sal',
      owner: { userId: assignee, claimedAt: begunAt },
      history: { at: begunAt, by: SYSTEM, from: 'mql', to: 'sal', event: 'escalated', details: { assignee, ...why } },
    },
  };
}

/** The owner has not reached out in the first-touch window: reminded once, only while the lead is as it was read. */
export function firstTouchReminder(lead: Lead, at: Date): Transition | null {
  if (!lead.owner || !OPEN_STAGES.includes(lead.stage)) return null;
  return {
    when: { stage: lead.stage, owner: lead.owner.userId, noFirstTouch: true, noticeNotSent: ['firstTouchRemindedAt'] },
    change: { notice: { field: 'firstTouchRemindedAt', at }, history: { at, by: SYSTEM, from: lead.stage, to: lead.stage, event: 'first_touch_reminder' } },
  };
}
