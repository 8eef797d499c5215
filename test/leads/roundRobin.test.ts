import { describe, expect, it } from 'vitest';
import { isAway, nextAssignee, type RepRecord } from '../../src/leads/roundRobin.js';

const now = new Date('2026-11-23T10:00:00Z');
const rep = (userId: string, extra: Partial<RepRecord> = {}): RepRecord => ({ userId, away: null, assignments: 0, ...extra });

describe('nextAssignee', () => {
  it('gives the lead to the rep who got one longest ago, never-assigned reps first, in roster order', () => {
    const roster = ['UA', 'UB', 'UC'];
    expect(nextAssignee(roster, [], [], now)?.userId).toBe('UA');
    const records = [rep('UA', { lastAssignedAt: new Date('2026-11-23T09:00:00Z'), assignments: 1 }), rep('UC', { lastAssignedAt: new Date('2026-11-22T09:00:00Z'), assignments: 1 })];
    expect(nextAssignee(roster, records, [], now)?.userId).toBe('UB');
    expect(nextAssignee(['UA', 'UC'], records, [], now)?.userId).toBe('UC');
  });

  it('skips reps who are away (until their date) and reps who rejected the lead', () => {
    const records = [rep('UA', { away: { since: now } }), rep('UB', { away: { since: now, until: new Date('2026-11-24T00:00:00Z') } })];
    expect(nextAssignee(['UA', 'UB', 'UC', 'UD'], records, ['UC'], now)?.userId).toBe('UD');
    expect(nextAssignee(['UA', 'UB'], records, [], now)).toBeNull();
    expect(nextAssignee(['UB'], records, [], new Date('2026-11-24T00:00:00Z'))?.userId).toBe('UB');
    expect(isAway(records[1], new Date('2026-11-23T23:59:59Z'))).toBe(true);
  });

  it('shares leads evenly over many escalations', () => {
    const roster = ['UA', 'UB', 'UC'];
    const records = new Map<string, RepRecord>();
    const given: string[] = [];
    for (let i = 0; i < 9; i++) {
      const at = new Date(now.getTime() + i * 60_000);
      const next = nextAssignee(roster, [...records.values()], [], at)!;
      records.set(next.userId, { ...next, lastAssignedAt: at, assignments: next.assignments + 1 });
      given.push(next.userId);
    }
    expect(given).toEqual(['UA', 'UB', 'UC', 'UA', 'UB', 'UC', 'UA', 'UB', 'UC']);
  });
});
