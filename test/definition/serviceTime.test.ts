import { describe, expect, it } from 'vitest';
import { windowEnd, type ServiceLevels } from '../../src/definition/serviceTime.js';

const office: ServiceLevels = {
  claimWithinMinutes: 30,
  firstTouchWithinHours: 4,
  businessHoursOnly: true,
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
};
const tz = 'Europe/Berlin';

describe('windowEnd', () => {
  it('counts clock time when the definition does not ask for business hours', () => {
    const start = new Date('2026-11-21T22:00:00Z'); // Saturday night
    expect(windowEnd(start, 30, { ...office, businessHoursOnly: false }, tz)).toEqual(new Date('2026-11-21T22:30:00Z'));
  });

  it('counts only business hours: a Friday 16:30 lead with a 60-minute window is due Monday 09:30', () => {
    const friday1630 = new Date('2026-11-20T15:30:00Z'); // 16:30 CET
    expect(windowEnd(friday1630, 60, office, tz)).toEqual(new Date('2026-11-23T08:30:00Z')); // Mon 09:30 CET
  });

  it('starts counting at opening time for a lead that arrives at night', () => {
    const tuesday0300 = new Date('2026-11-24T02:00:00Z');
    expect(windowEnd(tuesday0300, 30, office, tz)).toEqual(new Date('2026-11-24T08:30:00Z'));
  });

  it('spans several days for long windows: 4 h from Thursday 15:00 ends Friday 11:00', () => {
    expect(windowEnd(new Date('2026-11-19T14:00:00Z'), 240, office, tz)).toEqual(new Date('2026-11-20T10:00:00Z'));
  });

  it('keeps local opening hours across the DST change', () => {
    // Friday 23 Oct 2026 16:30 CEST (UTC+2); clocks go back Sunday 25 Oct; Monday 09:30 is CET (UTC+1).
    expect(windowEnd(new Date('2026-10-23T14:30:00Z'), 60, office, tz)).toEqual(new Date('2026-10-26T08:30:00Z'));
  });
});
