import { OPEN_STAGES, type Stage, type Step, type Verdict } from './lead.js';

export type { Step, Verdict };

/*
 * The rules of a lead's life: which step a claimer may take at which stage,
 * and what each step does to it. Pure. The vocabulary (Step, Verdict) lives
 * in lead.ts, so this module depends on it and not the other way round.
 */

/** The parts of a lead the rules look at. */
export type LifeState = { stage: Stage; verdict: Verdict | null; firstTouchAt: Date | null };

export type Plan =
  | { ok: true; to: Stage; setsVerdict: boolean; setsFirstTouch: boolean }
  | { ok: false; reason: string };


const TERMINAL: Partial<Record<Stage, string>> = {
  won: 'This lead is already won.',
  lost: 'This lead is already lost.',
  rejected: 'This lead was already rejected as not a lead.',
  nurture: 'This lead is with marketing (nurture).',
  duplicate: 'This lead was marked as a duplicate.',
};

/**
 * Whether `step` may be taken now, and what it does. A CRM (`reportedByCrm`)
 * moves a lead on once a rep has it, verdict or not: its SQL, opportunity or
 * won is what sales did, and the reports count a lead that reached SQL as
 * accepted (reports/waterfall.ts).
 */
export function planStep(state: LifeState, step: Step, options: { reportedByCrm?: boolean } = {}): Plan {
  const terminal = TERMINAL[state.stage];
  if (terminal) return { ok: false, reason: terminal };
  if (state.stage === 'mql' || state.stage === 'inquiry') return { ok: false, reason: 'Claim the lead first.' };

  const accepted = (state.verdict !== null && state.verdict.kind !== 'rejected') || (options.reportedByCrm === true && state.verdict === null && step !== 'accept' && step !== 'reject');
  switch (step) {
    case 'accept':
    case 'reject':
      if (state.verdict?.kind === 'prospected') return { ok: false, reason: 'This is a lead you prospected yourself: there is nothing to accept or reject. Go on with Contacted, Meeting booked, Opportunity, Won or Lost.' };
      if (state.verdict) return { ok: false, reason: `You already gave your verdict: ${verdictWords(state.verdict)}.` };
      return { ok: true, to: step === 'accept' ? state.stage : 'rejected', setsVerdict: true, setsFirstTouch: false };
    case 'contacted':
      if (!accepted) return { ok: false, reason: 'Accept the lead (or say it is not a lead) first.' };
      if (state.firstTouchAt) return { ok: false, reason: 'First contact is already recorded.' };
      return { ok: true, to: state.stage, setsVerdict: false, setsFirstTouch: true };
    case 'meeting':
      if (!accepted) return { ok: false, reason: 'Accept the lead (or say it is not a lead) first.' };
      if (state.stage !== 'sal') return { ok: false, reason: `A meeting is already booked (stage ${state.stage.toUpperCase()}).` };
      return { ok: true, to: 'sql', setsVerdict: false, setsFirstTouch: state.firstTouchAt === null };
    case 'opportunity':
      if (!accepted) return { ok: false, reason: 'Accept the lead (or say it is not a lead) first.' };
      if (state.stage === 'opportunity') return { ok: false, reason: 'This lead is already an opportunity.' };
      return { ok: true, to: 'opportunity', setsVerdict: false, setsFirstTouch: state.firstTouchAt === null };
    case 'won':
    case 'lost':
      if (!accepted) return { ok: false, reason: 'Accept the lead (or say it is not a lead) first.' };
      if (!OPEN_STAGES.includes(state.stage)) return { ok: false, reason: `A lead at stage ${state.stage.toUpperCase()} cannot be ${step}.` };
      return { ok: true, to: step, setsVerdict: false, setsFirstTouch: state.firstTouchAt === null };
  }
}

/** The steps that make sense next, for the buttons on the message. */
export function nextSteps(state: LifeState): Step[] {
  const all: Step[] = ['accept', 'reject', 'contacted', 'meeting', 'opportunity', 'won', 'lost'];
  return all.filter((step) => planStep(state, step).ok);
}

function verdictWords(verdict: Verdict): string {
  if (verdict.kind === 'rejected') return 'not a lead';
  if (verdict.kind === 'prospected') return 'your own prospect';
  return verdict.kind === 'auto_accepted' ? 'accepted (automatically, after the verdict window)' : 'accepted';
}
