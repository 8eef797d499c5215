import type { LeadDefinition } from '../definition/definition.js';
import { windowEnd } from '../definition/serviceTime.js';
import type { Lead } from '../leads/lead.js';
import { chooseRep, type WorkingHours } from '../leads/roundRobin.js';
import { findReps, giveBackTurn, markAssigned, takeTurn, turnsToday } from '../storage/repRepository.js';
import { beginEscalation, claimReminder, finishEscalation, firstTouchReminder } from '../leads/transitions.js';
import * as leads from '../storage/leadRepository.js';
import * as serviceLevels from '../storage/leadQueries.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { applyPendingSteps } from './recordCrmEvent.js';

/** Who takes turns in a lead's queue. */
export type QueueRoster = { queue: string; reps: string[]; weights?: Record<string, number>; dailyCap?: number };

export type ServiceNotice =
  | { kind: 'claim_reminder'; lead: Lead }
  | { kind: 'escalated'; lead: Lead; assignee: string | null }
  | { kind: 'first_touch_reminder'; lead: Lead };

/** Leads looked at per kind per check; the rest wait for the next check (a minute later). */
const BATCH = 200;
/** Tries at counting a rep's turn before an escalation is only flagged (see escalate). */
const TURN_ATTEMPTS = 100;

/**
 * Holds each lead to the definition's service levels:
 * - a posted lead unclaimed for one claim window gets a reminder;
 * - still unclaimed one more window after that, it is escalated: given to
 *   the next available rep by round-robin (or, with nobody available, only
 *   flagged to the manager);
 * - a claimed lead without a first touch within its window gets its owner reminded.
 * Returns what happened, for the caller to announce. Each notice is
 * recorded in the lead's history, which is what the digest counts.
 */
export async function checkServiceLevels(deps: {
  now: Date;
  definition: LeadDefinition;
  /** The definition in force with its version: a CRM's steps kept on an escalated lead are recorded under it. */
  active?: ActiveDefinition;
  timeZone: string;
  /** The reps who take escalated leads, in roster order. */
  roster: string[];
  /** The lead's own queue and its reps (user groups expanded), weights and daily cap, when routing has queues. */
  rosterFor?: (lead: Lead) => Promise<QueueRoster>;
  /** The reps' Slack time zones (users.info `tz`), for working hours. */
  timeZonesOf?: (userIds: string[]) => Promise<Map<string, string | undefined>>;
}): Promise<ServiceNotice[]> {
  const { now, timeZone } = deps;
  const levels = deps.definition.serviceLevels;
  const due = (start: Date, minutes: number) => windowEnd(start, minutes, levels, timeZone) <= now;
  const notices: ServiceNotice[] = [];
  /** The latest start a window of so many minutes can have ended for by now (business hours only lengthen a window). */
  const startedBy = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  for (const lead of await serviceLevels.findUnclaimedNotReminded(BATCH, startedBy(levels.claimWithinMinutes))) {
    if (due(claimableSince(lead), levels.claimWithinMinutes) && (await leads.applyTransition(lead.id, claimReminder(now))) !== null) {
      notices.push({ kind: 'claim_reminder', lead });
    }
  }

  for (const lead of await serviceLevels.findRemindedNotEscalated(BATCH, startedBy(levels.claimWithinMinutes))) {
    const remindedAt = lead.serviceLevel?.claimRemindedAt;
    if (!remindedAt || !due(remindedAt, levels.claimWithinMinutes)) continue;
    const roster = deps.rosterFor ? await deps.rosterFor(lead) : { queue: 'default', reps: deps.roster };
    const escalated = await escalate(lead, roster, {
      now,
      day: dayIn(now, timeZone),
      hours: levels.businessHoursOnly ? (levels.businessHours as WorkingHours) : null,
      timeZones: deps.timeZonesOf ? await deps.timeZonesOf(roster.reps) : new Map(),
    });
    if (!escalated) continue;
    // The rep it went to has it now: steps a CRM reported meanwhile are recorded, as on a claim.
    if (escalated.kind === 'escalated' && escalated.assignee && escalated.lead.pendingSteps?.length && deps.active) {
      escalated.lead = (await applyPendingSteps(escalated.lead, { now, definition: deps.active })).lead;
    }
    notices.push(escalated);
  }

  for (const lead of await serviceLevels.findUntouchedNotReminded(BATCH, startedBy(levels.firstTouchWithinHours * 60))) {
    if (lead.owner && due(lead.owner.claimedAt, levels.firstTouchWithinHours * 60) && (await recordFirstTouchReminder(lead, now))) {
      notices.push({ kind: 'first_touch_reminder', lead });
    }
  }
  return notices;
}

/** Since when the lead has been waiting for a claim: its post, or its latest return to play. */
function claimableSince(lead: Lead): Date {
  const posted = lead.post.status === 'posted' ? lead.post.postedAt.getTime() : lead.receivedAt.getTime();
  const returns = lead.history.filter((e) => e.to === 'mql').map((e) => new Date(e.at).getTime());
  return new Date(Math.max(posted, ...returns));
}

/**
 * Escalates one lead: takes its escalation first (so no other run does),
 * then gives it to the rep whose turn it is in the lead's queue (chooseRep),
 * whose turn is counted compare-and-set (a turn another instance took
 * meanwhile makes us choose again), and given back if someone claimed the
 * lead in between. Who was passed over, and why, is kept on the lead.
 */
async function escalate(
  lead: Lead,
  roster: QueueRoster,
  turn: { now: Date; day: string; hours: WorkingHours | null; timeZones: Map<string, string | undefined> },
): Promise<ServiceNotice | null> {
  const { now } = turn;
  if (!(await leads.applyTransition(lead.id, beginEscalation(now)))) return null;
  // Each failed turn means another run took one meanwhile, so this ends; the
  // bound only guards against a fault, and even then the lead is flagged
  // below rather than left begun and never finished.
  for (let attempt = 0; attempt < TURN_ATTEMPTS; attempt++) {
    const today = await turnsToday(roster.queue, turn.day, roster.reps);
    const { rep: next, skipped } = chooseRep({
      roster: roster.reps,
      records: await findReps(roster.reps),
      today,
      ...(roster.weights ? { weights: roster.weights } : {}),
      ...(roster.dailyCap !== undefined ? { dailyCap: roster.dailyCap } : {}),
      rejectedBy: lead.rejectedBy,
      timeZones: turn.timeZones,
      hours: turn.hours,
      now,
    });
    // Why each rep was passed over is kept on the lead (/leads routing why).
    const why = { queue: roster.queue, skipped };
    if (!next) {
      const flagged = await leads.applyTransition(lead.id, finishEscalation(null, now, why));
      return flagged ? { kind: 'escalated', lead: flagged, assignee: null } : null;
    }
    // Another instance took this rep's turn since we read the counts: choose again.
    if (!(await takeTurn(roster.queue, turn.day, next.userId, today.get(next.userId) ?? 0, now))) continue;
    const assigned = await leads.applyTransition(lead.id, finishEscalation(next.userId, now, why));
    if (!assigned) {
      await giveBackTurn(roster.queue, turn.day, next.userId);
      return null;
    }
    await markAssigned(next.userId, now);
    return { kind: 'escalated', lead: assigned, assignee: next.userId };
  }
  const flagged = await leads.applyTransition(lead.id, finishEscalation(null, now, { queue: roster.queue }));
  return flagged ? { kind: 'escalated', lead: flagged, assignee: null } : null;
}

/** The team's calendar day of `at` (YYYY-MM-DD): daily caps count per day there. */
function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The first-touch reminder, recorded once and only while the lead is as it was read. */
async function recordFirstTouchReminder(lead: Lead, now: Date): Promise<boolean> {
  const transition = firstTouchReminder(lead, now);
  return transition !== null && (await leads.applyTransition(lead.id, transition)) !== null;
}
