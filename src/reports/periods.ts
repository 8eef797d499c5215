import { TZDate } from '@date-fns/tz';
import { addDays, addWeeks, differenceInCalendarDays, isValid, parseISO, startOfDay, startOfWeek, subDays } from 'date-fns';

/** A half-open span of time, [start, end), as instants. */
export type Period = { start: Date; end: Date; label: string };

/**
 * The week containing `at` in the team's time zone, from Monday 00:00 local
 * time to the next Monday 00:00. Across a daylight-saving change the week is
 * 167 or 169 hours long, as the team lived it.
 */
export function weekContaining(at: Date, timeZone: string): Period {
  const local = new TZDate(at.getTime(), timeZone);
  const start = startOfWeek(local, { weekStartsOn: 1 });
  const end = addWeeks(start, 1);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()), label: `week of ${isoDay(start)}` };
}

/** The week before the one containing `at`. */
export function previousWeek(at: Date, timeZone: string): Period {
  const current = weekContaining(at, timeZone);
  return { ...weekContaining(new Date(current.start.getTime() - 1), timeZone) };
}

/**
 * The period of the same number of local days just before `period`, for
 * week-over-week change: the week before a week, the 30 days before 30 days.
 */
export function precedingPeriod(period: Period, timeZone: string): Period {
  const start = new TZDate(period.start.getTime(), timeZone);
  const days = differenceInCalendarDays(new TZDate(period.end.getTime(), timeZone), start);
  const before = subDays(start, days);
  const label = days === 7 && before.getDay() === 1 ? `the week of ${isoDay(before)}` : `the ${days} days before`;
  return { start: new Date(before.getTime()), end: new Date(period.start.getTime()), label };
}

export type PeriodArgument = { ok: true; period: Period } | { ok: false; message: string };

export const PERIOD_USAGE = '`this week`, `last week`, `30d` (the last 30 days) or `YYYY-MM-DD..YYYY-MM-DD`';

/**
 * Reads the period a person asked for in /leads stats. Days are whole days in
 * the team's time zone; a range includes its last day.
 */
export function parsePeriod(text: string, now: Date, timeZone: string): PeriodArgument {
  const wanted = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (wanted === '' || wanted === 'this week') return { ok: true, period: weekContaining(now, timeZone) };
  if (wanted === 'last week') return { ok: true, period: previousWeek(now, timeZone) };
  const days = /^(\d{1,3})d$/.exec(wanted);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > 366) return { ok: false, message: `Choose between 1d and 366d, or ${PERIOD_USAGE}.` };
    const tomorrow = addDays(startOfDay(new TZDate(now.getTime(), timeZone)), 1);
    const start = subDays(tomorrow, n);
    return { ok: true, period: { start: new Date(start.getTime()), end: new Date(tomorrow.getTime()), label: `last ${n} days` } };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(wanted);
  if (range) {
    const first = localDay(range[1]!, timeZone);
    const last = localDay(range[2]!, timeZone);
    if (!first || !last) return { ok: false, message: `That is not a real date; use ${PERIOD_USAGE}.` };
    if (last < first) return { ok: false, message: 'The range ends before it starts.' };
    const end = addDays(last, 1);
    return { ok: true, period: { start: new Date(first.getTime()), end: new Date(end.getTime()), label: `${range[1]} to ${range[2]}` } };
  }
  return { ok: false, message: `I can show ${PERIOD_USAGE}.` };
}

/** Midnight of a calendar day in the time zone, or null for a date that does not exist. */
function localDay(isoDate: string, timeZone: string): TZDate | null {
  const parsed = parseISO(isoDate);
  if (!isValid(parsed) || isoDay(parsed) !== isoDate) return null;
  return new TZDate(parsed.getFullYear(), parsed.getMonth(), parsed.getDate(), timeZone);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the time zone. */
export function localDate(at: Date, timeZone: string): string {
  return isoDay(new TZDate(at.getTime(), timeZone));
}

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
