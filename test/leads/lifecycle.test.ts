import { describe, expect, it } from 'vitest';
import { nextSteps, planStep, type LifeState } from '../../src/leads/lifecycle.js';

const at = new Date('2026-11-02T09:00:00Z');
const claimed: LifeState = { stage: 'sal', verdict: null, firstTouchAt: null };
const accepted: LifeState = { ...claimed, verdict: { kind: 'accepted', at, by: 'U1' } };

describe('planStep', () => {
  it('walks a lead from claim to won, each step allowed once', () => {
    expect(planStep(claimed, 'accept')).toEqual({ ok: true, to: 'sal', setsVerdict: true, setsFirstTouch: false });
    expect(planStep(accepted, 'contacted')).toEqual({ ok: true, to: 'sal', setsVerdict: false, setsFirstTouch: true });
    const contacted = { ...accepted, firstTouchAt: at };
    expect(planStep(contacted, 'meeting')).toEqual({ ok: true, to: 'sql', setsVerdict: false, setsFirstTouch: false });
    expect(planStep({ ...contacted, stage: 'sql' }, 'opportunity')).toMatchObject({ ok: true, to: 'opportunity' });
    expect(planStep({ ...contacted, stage: 'opportunity' }, 'won')).toMatchObject({ ok: true, to: 'won' });
  });

  it('sends a rejected lead to rejected', () => {
    expect(planStep(claimed, 'reject')).toMatchObject({ ok: true, to: 'rejected', setsVerdict: true });
  });

  it('counts a meeting, opportunity or outcome without a recorded contact as the first touch', () => {
    expect(planStep(accepted, 'meeting')).toMatchObject({ setsFirstTouch: true });
    expect(planStep(accepted, 'won')).toMatchObject({ setsFirstTouch: true });
  });

  const refusals: Array<[string, LifeState, Parameters<typeof planStep>[1], RegExp]> = [
    ['won before claim', { stage: 'mql', verdict: null, firstTouchAt: null }, 'won', /Claim the lead first/],
    ['accept after won', { ...accepted, stage: 'won' }, 'accept', /already won/],
    ['accept twice', accepted, 'accept', /already gave your verdict: accepted/],
    ['reject after accept', accepted, 'reject', /already gave your verdict/],
    ['contacted before a verdict', claimed, 'contacted', /Accept the lead/],
    ['contacted twice', { ...accepted, firstTouchAt: at }, 'contacted', /already recorded/],
    ['a second meeting', { ...accepted, stage: 'sql' }, 'meeting', /already booked/],
    ['anything after rejection', { stage: 'rejected', verdict: { kind: 'rejected', at, by: 'U1', reason: 'spam' }, firstTouchAt: null }, 'accept', /already rejected/],
    ['lost after lost', { ...accepted, stage: 'lost' }, 'lost', /already lost/],
  ];
  for (const [what, state, step, reason] of refusals) {
    it(`refuses ${what} with a clear reason`, () => {
      const plan = planStep(state, step);
      expect(plan.ok).toBe(false);
      if (!plan.ok) expect(plan.reason).toMatch(reason);
    });
  }
});

describe('nextSteps', () => {
  it('offers the verdict first, then the way forward', () => {
    expect(nextSteps(claimed)).toEqual(['accept', 'reject']);
    expect(nextSteps(accepted)).toEqual(['contacted', 'meeting', 'opportunity', 'won', 'lost']);
    expect(nextSteps({ ...accepted, stage: 'opportunity', firstTouchAt: at })).toEqual(['won', 'lost']);
    expect(nextSteps({ ...accepted, stage: 'won', firstTouchAt: at })).toEqual([]);
  });
});
