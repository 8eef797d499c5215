import { describe, expect, it } from 'vitest';
import { chooseRep, isAway, type RepRecord } from '../../src/leads/roundRobin.js';

const now = new Date('2026-11-23T10:00:00Z');
const rep = (userId: string, extra: Partial<RepRecord> = {}): RepRecord => ({ userId, away: null, assignments: 0, ...extra });

const pick = (roster: string[], records: RepRecord[], rejectedBy: string[], at: Date) =>
  chooseRep({ roster, records, rejectedBy, today: new Map(), timeZones: new Map(), hours: null, now: at }).rep;

describe('chooseRep: who gets an escalated lead', () => {
  it('gives the lead to the rep who got one longest ago, never-assigned reps first, in roster order', () => {
    const roster = ['UA', 'UB', 'UC'];
    expect(pick(roster, [], [], now)?.userId).toBe('UA');
    const records = [rep('UA', { lastAssignedAt: new Date('2026-11-23T09:00:00Z'), assignments: 1 }), rep('UC', { lastAssignedAt: new Date('2026-11-22T09:00:00Z'), assignments: 1 })];
    expect(pick(roster, records, [], now)?.userId).toBe('UB');
    expect(pick(['UA', 'UC'], records, [], now)?.userId).toBe('UC');
  });

  it('skips reps who are away (until their date) and reps who rejected the lead', () => {
    const records = [rep('UA', { away: { since: now } }), rep('UB', { away: { since: now, until: new Date('2026-11-24T00:00:00Z') } })];
    expect(pick(['UA', 'UB', 'UC', 'UD'], records, ['UC'], now)?.userId).toBe('UD');
    expect(pick(['UA', 'UB'], records, [], now)).toBeNull();
    expect(pick(['UB'], records, [], new Date('2026-11-24T00:00:00Z'))?.userId).toBe('UB');
    expect(isAway(records[1], new Date('2026-11-23T23:59:59Z'))).toBe(true);
  });
});

describe('chooseRep: fair turns in a queue', () => {
  const base = { records: [] as RepRecord[], today: new Map<string, number>(), rejectedBy: [] as string[], timeZones: new Map<string, string | undefined>(), hours: null, now };

  it('gives a rep at weight 0.5 half as many leads, and never two in a row to one rep while another has fewer', () => {
    const records = new Map<string, RepRecord>();
    const today = new Map<string, number>();
    const given: string[] = [];
    for (let i = 0; i < 12; i++) {
      const at = new Date(now.getTime() + i * 60_000);
      const { rep } = chooseRep({ ...base, roster: ['UA', 'UB', 'UNEW'], weights: { UNEW: 0.5 }, records: [...records.values()], today, now: at });
      records.set(rep!.userId, { ...rep!, lastAssignedAt: at, assignments: rep!.assignments + 1 });
      today.set(rep!.userId, (today.get(rep!.userId) ?? 0) + 1);
      given.push(rep!.userId);
    }
    expect(given.filter((u) => u === 'UA')).toHaveLength(5);
    expect(given.filter((u) => u === 'UB')).toHaveLength(5);
    expect(given.filter((u) => u === 'UNEW')).toHaveLength(2);
    // Equal weights: strictly in turn.
    const even: string[] = [];
    const counts = new Map<string, number>();
    const seen = new Map<string, RepRecord>();
    for (let i = 0; i < 6; i++) {
      const at = new Date(now.getTime() + i * 60_000);
      const { rep } = chooseRep({ ...base, roster: ['UA', 'UB', 'UC'], records: [...seen.values()], today: counts, now: at });
      seen.set(rep!.userId, { ...rep!, lastAssignedAt: at, assignments: rep!.assignments + 1 });
      counts.set(rep!.userId, (counts.get(rep!.userId) ?? 0) + 1);
      even.push(rep!.userId);
    }
    expect(even).toEqual(['UA', 'UB', 'UC', 'UA', 'UB', 'UC']);
  });

  it('skips, with the reason, reps who rejected the lead, are away, had their daily cap, or are outside working hours in their time zone', () => {
    const hours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' };
    // Monday 2026-11-23 10:00 UTC: 19:00 in Tokyo, 02:00 in Los Angeles, 11:00 in Berlin.
    const result = chooseRep({
      ...base,
      roster: ['UREJ', 'UAWAY', 'UCAP', 'UTOKYO', 'ULA', 'UBERLIN'],
      records: [rep('UAWAY', { away: { since: now, until: new Date('2026-11-25T00:00:00Z') } })],
      rejectedBy: ['UREJ'],
      today: new Map([['UCAP', 3]]),
      dailyCap: 3,
      timeZones: new Map([['UTOKYO', 'Asia/Tokyo'], ['ULA', 'America/Los_Angeles'], ['UBERLIN', 'Europe/Berlin']]),
      hours,
    });
    expect(result.rep?.userId).toBe('UBERLIN');
    expect(result.skipped).toEqual([
      { userId: 'UREJ', reason: 'said this lead is not a lead' },
      { userId: 'UAWAY', reason: 'away until 2026-11-25' },
      { userId: 'UCAP', reason: 'had the daily cap of 3 leads today' },
      { userId: 'UTOKYO', reason: 'outside working hours (mon 19:00 in Asia/Tokyo)' },
      { userId: 'ULA', reason: 'outside working hours (mon 02:00 in America/Los_Angeles)' },
    ]);
    expect(chooseRep({ ...base, roster: ['UCAP'], today: new Map([['UCAP', 3]]), dailyCap: 3 }).rep).toBeNull();
  });
});
