import type { LeadDefinition } from '../definition/definition.js';
import type { Actor, Lead, StepDetails } from '../leads/lead.js';
import { planStep, type Step } from '../leads/lifecycle.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';

export type StepOutcome =
  | { kind: 'recorded'; lead: Lead }
  | { kind: 'not_owner'; ownerId: string | null }
  | { kind: 'refused'; reason: string; lead: Lead }
  | { kind: 'invalid'; field: 'reason' | 'amount' | 'currency'; message: string }
  | { kind: 'not_found' };

/**
 * One step in a lead's life, said by its owner (or an admin) in Slack or
 * reported by a CRM (`by.kind === 'api'`). The same rules and history apply;
 * the history records who actually did it.
 */
export async function recordStep(
  input: { leadId: string; step: Step; by: Actor; details?: StepDetails; requestKey?: string; amountMayBeUnknown?: boolean },
  deps: { now: Date; definition: LeadDefinition; isAdmin?: (userId: string) => boolean },
): Promise<StepOutcome> {
  const problem = checkDetails(input.step, input.details ?? {}, deps.definition, { amountMayBeUnknown: input.amountMayBeUnknown === true });
  if (problem) return problem;

  // Two rounds: a concurrent change (double-click, retry) is planned against again.
  for (let attempt = 0; attempt < 2; attempt++) {
    const lead = await queries.findLead(input.leadId);
    if (!lead) return { kind: 'not_found' };
    // The same request again (its first answer was lost in a crash): the step is already there, once.
    if (input.requestKey && lead.history.some((entry) => entry.requestKey === input.requestKey)) return { kind: 'recorded', lead };
    const overrides = input.by.kind === 'user' && lead.owner !== null && (deps.isAdmin?.(input.by.userId) ?? false);
    if (input.by.kind === 'user' && lead.owner?.userId !== input.by.userId && !overrides) {
      return { kind: 'not_owner', ownerId: lead.owner?.userId ?? null };
    }

    const plan = planStep(lead, input.step, { reportedByCrm: input.by.kind === 'api' });
    if (!plan.ok) return { kind: 'refused', reason: plan.reason, lead };
    const by = input.by.kind === 'user' ? input.by.userId : 'crm';
    const details = input.details;
    const saved = await leads.applyStep(
      lead,
      {
        to: plan.to,
        event: input.step,
        ...(plan.setsVerdict
          ? {
              verdict:
                input.step === 'reject'
                  ? {
                      kind: 'rejected' as const,
                      at: deps.now,
                      by,
                      reason: details!.reason!,
                      reasonLabel: labelOf(deps.definition.rejectionReasons, details!.reason!),
                      ...(details?.note ? { note: details.note } : {}),
                    }
                  : { kind: 'accepted' as const, at: deps.now, by },
            }
          : {}),
        ...(plan.setsFirstTouch ? { firstTouchAt: deps.now } : {}),
        ...(input.step === 'won'
          ? { outcome: { kind: 'won' as const, ...(details?.amount !== undefined ? { amount: details.amount, currency: details.currency! } : {}) } }
          : {}),
        ...(input.step === 'lost'
          ? {
              outcome: {
                kind: 'lost' as const,
                reason: details!.reason!,
                reasonLabel: labelOf(deps.definition.lostReasons, details!.reason!),
                ...(details?.note ? { note: details.note } : {}),
              },
            }
          : {}),
        ...(details && Object.keys(details).length > 0 ? { details } : {}),
        ...(input.requestKey ? { requestKey: input.requestKey } : {}),
      },
      deps.now,
      input.by,
    );
    if (saved) return { kind: 'recorded', lead: saved };
  }
  const lead = await queries.findLead(input.leadId);
  return lead ? { kind: 'refused', reason: 'The lead changed while you were recording this; look at it again.', lead } : { kind: 'not_found' };
}

function labelOf(reasons: Array<{ key: string; label: string }>, key: string): string {
  return reasons.find((r) => r.key === key)?.label ?? key;
}

/**
 * What a step's details must be (a reason the definition has, an amount and
 * currency), checked before anything is recorded. A CRM that says "won"
 * without a sum (HubSpot's lifecycle stage `customer`) may leave the amount
 * out (`amountMayBeUnknown`): the win counts, its revenue is unknown.
 */
export function checkDetails(step: Step, details: StepDetails, definition: LeadDefinition, options: { amountMayBeUnknown?: boolean } = {}): Extract<StepOutcome, { kind: 'invalid' }> | null {
  if (step === 'reject' && !definition.rejectionReasons.some((r) => r.key === details.reason)) {
    return { kind: 'invalid', field: 'reason', message: `Pick a reason: ${definition.rejectionReasons.map((r) => r.key).join(', ')}.` };
  }
  if (step === 'lost' && !definition.lostReasons.some((r) => r.key === details.reason)) {
    return { kind: 'invalid', field: 'reason', message: `Pick a reason: ${definition.lostReasons.map((r) => r.key).join(', ')}.` };
  }
  if (step === 'won' && !(options.amountMayBeUnknown && details.amount === undefined)) {
    if (typeof details.amount !== 'number' || !Number.isFinite(details.amount) || details.amount <= 0 || details.amount > 1e12) {
      return { kind: 'invalid', field: 'amount', message: 'Enter the amount won, a number above 0.' };
    }
    if (!details.currency || !/^[A-Z]{3}$/.test(details.currency)) {
      return { kind: 'invalid', field: 'currency', message: 'Enter a three-letter currency code such as USD or EUR.' };
    }
  }
  return null;
}
