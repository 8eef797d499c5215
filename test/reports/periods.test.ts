import { describe, expect, it } from 'vitest';
import { parsePeriod, previousWeek, weekContaining } from '../../src/reports/periods.js';

const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

describe('weekContaining', () => {
  it('runs from Monday 00:00 to Monday 00:00 in the team’s time zone', () => {
    // Wednesday 2026-11-18 10:00 UTC is 11:00 in Berlin.
    const week = weekContaining(new Date('2026-11-18T10:00:00Z'), 'Europe/Berlin');
    expect(week.start.toISOString()).toBe('2026-11-15T23:00:00.000Z'); // Mon 16 Nov 00:00 CET
    expect(week.end.toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(week.label).toBe('week of 2026-11-16');
  });

  it('puts a Sunday-night event in the week the team lived it, not the UTC one', () => {
    // Sunday 22 Nov 23:30 in New York is Monday 04:30 UTC.
    const week = weekContaining(new Date('2026-11-23T04:30:00Z'), 'America/New_York');
    expect(week.label).toBe('week of 2026-11-16');
  });

  it('is 167 hours long across the spring change and 169 across the autumn one', () => {
    expect(hours(weekContaining(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin'))).toBe(167); // clocks go forward Sun 29 Mar
    expect(hours(weekContaining(new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin'))).toBe(169); // clocks go back Sun 25 Oct
    expect(hours(weekContaining(new Date('2026-10-25T12:00:00Z'), 'UTC'))).toBe(168);
  });

  it('previousWeek ends where this week starts, across a DST change too', () => {
    const at = new Date('2026-03-31T09:00:00Z');
    expect(previousWeek(at, 'Europe/Berlin').end).toEqual(weekContaining(at, 'Europe/Berlin').start);
    expect(hours(previousWeek(at, 'Europe/Berlin'))).toBe(167);
  });
});

describe('parsePeriod', () => {
  const now = new Date('2026-11-18T10:00:00Z');
  const tz = 'Europe/Berlin';

  it('reads this week, last week, Nd and date ranges (inclusive of the last day)', () => {
    expect(parsePeriod('this week', now, tz)).toEqual({ ok: true, period: weekContaining(now, tz) });
    expect(parsePeriod('  Last   Week ', now, tz)).toEqual({ ok: true, period: previousWeek(now, tz) });
    const thirty = parsePeriod('30d', now, tz);
    expect(thirty.ok && [thirty.period.start.toISOString(), thirty.period.end.toISOString()]).toEqual(['2026-10-19T22:00:00.000Z', '2026-11-18T23:00:00.000Z']);
    const range = parsePeriod('2026-10-24..2026-10-26', now, tz);
    expect(range.ok && [range.period.start.toISOString(), range.period.end.toISOString()]).toEqual(['2026-10-23T22:00:00.000Z', '2026-10-26T23:00:00.000Z']);
  });

  it('answers anything else with what it understands', () => {
    expect(parsePeriod('yesterday', now, tz)).toEqual({ ok: false, message: expect.stringContaining('`this week`, `last week`, `30d`') });
    expect(parsePeriod('2026-02-30..2026-03-01', now, tz)).toMatchObject({ ok: false, message: expect.stringContaining('not a real date') });
    expect(parsePeriod('2026-03-02..2026-03-01', now, tz)).toEqual({ ok: false, message: 'The range ends before it starts.' });
    expect(parsePeriod('0d', now, tz)).toMatchObject({ ok: false });
  });
});
