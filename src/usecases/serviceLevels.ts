import type { LeadDefinition } from '../definition/definition.js';
import { windowEnd } from '../definition/serviceTime.js';
import type { Lead } from '../leads/lead.js';
import { nextAssignee } from '../leads/roundRobin.js';
import { findReps, recordAssignment, undoAssignment } from '../storage/repRepository.js';
import { beginEscalation, claimReminder, finishEscalation, firstTouchReminder } from '../leads/transitions.js';
import * as leads from '../storage/leadRepository.js';
import * as serviceLevels from '../storage/leadQueries.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { applyPendingSteps } from './recordCrmEvent.js';

export type ServiceNotice =
  | { kind: 'claim_reminder'; lead: Lead }
  | { kind: 'escalated'; lead: Lead; assignee: string | null }
  | { kind: 'first_touch_reminder'; lead: Lead };

/** Leads looked at per kind per check; the rest wait for the next check (a minute later). */
const BATCH = 200;

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
  /** The reps of the lead's own queue, when routing has queues. */
  rosterFor?: (lead: Lead) => Promise<string[]>;
}): Promise<ServiceNotice[]> {
  const { now, timeZone } = deps;
  const levels = deps.definition.serviceLevels;
  const due = (start: Date, minutes: number) => windowEnd(start, minutes, levels, timeZone) <= now;
  const notices: ServiceNotice[] = [];

  for (const lead of await serviceLevels.findUnclaimedNotReminded(BATCH)) {
    if (due(claimableSince(lead), levels.claimWithinMinutes) && (await leads.applyTransition(lead.id, claimReminder(now))) !== null) {
      notices.push({ kind: 'claim_reminder', lead });
    }
  }

  for (const lead of await serviceLevels.findRemindedNotEscalated(BATCH)) {
    const remindedAt = lead.serviceLevel?.claimRemindedAt;
    if (!remindedAt || !due(remindedAt, levels.claimWithinMinutes)) continue;
    const escalated = await escalate(lead, deps.rosterFor ? await deps.rosterFor(lead) : deps.roster, now);
    if (!escalated) continue;
    // The rep it went to has it now: steps a CRM reported meanwhile are recorded, as on a claim.
    if (escalated.kind === 'escalated' && escalated.assignee && escalated.lead.pendingSteps?.length && deps.active) {
      escalated.lead = (await applyPendingSteps(escalated.lead, { now, definition: deps.active })).lead;
    }
    notices.push(escalated);
  }

  for (const lead of await serviceLevels.findUntouchedNotReminded(BATCH)) {
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
 * then gives it to the next rep, whose turn is recorded compare-and-set (a
 * turn another run took meanwhile makes us pick again), and given back if
 * someone claimed the lead in between.
 */
async function escalate(lead: Lead, roster: string[], now: Date): Promise<ServiceNotice | null> {
  if (!(await leads.applyTransition(lead.id, beginEscalation(now)))) return null;
  for (let attempt = 0; attempt < 10; attempt++) {
    const next = nextAssignee(roster, await findReps(roster), lead.rejectedBy, now);
    if (!next) {
      const flagged = await leads.applyTransition(lead.id, finishEscalation(null, now));
      return flagged ? { kind: 'escalated', lead: flagged, assignee: null } : null;
    }
    if (!(await recordAssignment(next, now))) continue;
    const assigned = await leads.applyTransition(lead.id, finishEscalation(next.userId, now));
    if (!assigned) await undoAssignment(next.userId, next.lastAssignedAt, now);
    return assigned ? { kind: 'escalated', lead: assigned, assignee: next.userId } : null;
  }
  return null;
}

/** The first-touch reminder, recorded once and only while the lead is as it was read. */
async function recordFirstTouchReminder(lead: Lead, now: Date): Promise<boolean> {
  const transition = firstTouchReminder(lead, now);
  return transition !== null && (await leads.applyTransition(lead.id, transition)) !== null;
}
