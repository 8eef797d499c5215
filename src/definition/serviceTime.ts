import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import type { LeadDefinition } from './definition.js';

export type ServiceLevels = LeadDefinition['serviceLevels'];

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * When a service-level window that opens at `start` closes: `minutes` later
 * on the clock, or, when the definition counts business hours only,
 * `minutes` of business hours later in the team's time zone (a lead that
 * arrives Friday 16:30 with a 60-minute window is due Monday 09:30).
 * Business hours are local wall-clock times, so they hold across DST changes.
 */
export function windowEnd(start: Date, minutes: number, levels: ServiceLevels, timeZone: string): Date {
  if (!levels.businessHoursOnly) return new Date(start.getTime() + minutes * 60_000);
  const { days, start: opens, end: closes } = levels.businessHours;
  const [openH, openM] = opens.split(':').map(Number) as [number, number];
  const [closeH, closeM] = closes.split(':').map(Number) as [number, number];
  let remaining = minutes * 60_000;
  let day = startOfDay(new TZDate(start.getTime(), timeZone));
  // Two years of days is far beyond any window the definition allows.
  for (let i = 0; i < 730; i++) {
    if ((days as readonly string[]).includes(DAY_NAMES[day.getDay()]!)) {
      const open = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), openH, openM, timeZone).getTime();
      const close = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), closeH, closeM, timeZone).getTime();
      const from = Math.max(open, start.getTime());
      if (close > from) {
        if (remaining <= close - from) return new Date(from + remaining);
        remaining -= close - from;
      }
    }
    day = addDays(day, 1);
  }
  throw new Error('the business hours leave no time to count a service level in');
}
