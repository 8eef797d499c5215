import { describe, expect, it } from 'vitest';
import { beginEscalation, claim, finishEscalation, firstTouchReminder, release } from '../../src/leads/transitions.js';

const at = new Date('2026-11-30T10:00:00Z');

describe('the rules of taking a lead on, as conditions and changes', () => {
  it('lets a rep claim only a posted, unowned lead they never rejected, and makes it theirs', () => {
    expect(claim('U0REPA0001', at)).toEqual({
      when: { stage: 'mql', owner: null, notRejectedBy: 'U0REPA0001' },
      change: { stage: 'sal', owner: { userId: 'U0REPA0001', claimedAt: at }, history: { at, by: { kind: 'user', userId: 'U0REPA0001' }, from: 'mql', to: 'sal', event: 'claimed' } },
    });
  });

  it('lets only the owner release, before a verdict, and starts the service levels again', () => {
    const { when, change } = release('U0REPA0001', at);
    expect(when).toEqual({ stage: 'sal', owner: 'U0REPA0001', noVerdict: true });
    expect(change).toMatchObject({ stage: 'mql', owner: null, resetNotices: true });
  });

  it('escalates in two steps so that only the run that began it can finish it, never to a rep who rejected the lead', () => {
    expect(beginEscalation(at).when).toEqual({ stage: 'mql', owner: null, noticeNotSent: ['escalatedAt'] });
    expect(finishEscalation('U0REPB0001', at).when).toEqual({ stage: 'mql', owner: null, noticeSentAt: { field: 'escalatedAt', at }, notRejectedBy: 'U0REPB0001' });
    expect(finishEscalation(null, at).change).toEqual({ history: { at, by: { kind: 'system' }, from: 'mql', to: 'mql', event: 'escalated' } });
  });

  it('reminds about a first touch only for a lead someone is working on', () => {
    const base = { stage: 'sal' as const, owner: { userId: 'U0REPA0001', claimedAt: at } };
    expect(firstTouchReminder({ ...base } as never, at)?.when).toEqual({ stage: 'sal', owner: 'U0REPA0001', noFirstTouch: true, noticeNotSent: ['firstTouchRemindedAt'] });
    expect(firstTouchReminder({ ...base, stage: 'won' } as never, at)).toBeNull();
    expect(firstTouchReminder({ ...base, owner: null } as never, at)).toBeNull();
  });
});
