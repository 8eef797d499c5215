import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { DigestRunModel } from '../../src/storage/digestRunRepository.js';
import { LeadModel } from '../../src/storage/leadModel.js';
import { sendWeeklyDigest, type DigestPoster } from '../../src/usecases/weeklyDigest.js';
import { useDatabase } from '../support/testDatabase.js';

useDatabase([LeadModel, DigestRunModel]);
const logger = createLogger('silent');
/** Mid-month digests don't read the definition (only the first digest of a month shows how it performs). */
const midMonth = () => Promise.reject(new Error('the definition is only read for the first digest of a month'));

/**
 * Records what would go to Slack; `failFirst` loses the first post's answer
 * after it landed; `holdUntil` keeps a post in flight until that promise
 * settles (the other runs meanwhile find the week taken).
 */
function recordingPoster(options: { failFirst?: boolean; holdUntil?: Promise<unknown> } = {}) {
  const posted: string[] = [];
  let failed = false;
  const poster: DigestPoster = {
    async post(week) {
      await options.holdUntil;
      posted.push(week);
      if (options.failFirst && !failed) {
        failed = true;
        throw new Error('the answer was lost');
      }
      return { channelId: 'C0DIGEST001', ts: `${posted.length}.0001` };
    },
    async findPosted(week) {
      return posted.includes(week) ? { channelId: 'C0DIGEST001', ts: '1.0001' } : null;
    },
  };
  return { poster, posted };
}

describe('sendWeeklyDigest', () => {
  it('sends a week once when five runs race for it (instances, restarts)', async () => {
    // The post that takes the week stays in flight until every other run has answered.
    let othersDone = () => undefined as void;
    const { poster, posted } = recordingPoster({ holdUntil: new Promise<void>((resolve) => (othersDone = resolve)) });
    const now = new Date('2026-11-16T08:00:00Z');
    const runs = Array.from({ length: 5 }, () => sendWeeklyDigest(now, { timeZone: 'Europe/Berlin', poster, logger, definition: midMonth }));
    let answered = 0;
    for (const run of runs) void run.finally(() => ++answered === 4 && othersDone()).catch(() => undefined);
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'sent').every((o) => o === 'busy' || o === 'already_sent')).toBe(true);
    expect(posted).toEqual(['2026-11-09']);
    expect(await sendWeeklyDigest(new Date('2026-11-16T10:00:00Z'), { timeZone: 'Europe/Berlin', poster, logger, definition: midMonth })).toBe('already_sent');
  });

  it('after a post whose answer was lost, the retry records that post instead of sending another', async () => {
    const { poster, posted } = recordingPoster({ failFirst: true });
    const now = new Date('2026-11-23T08:00:00Z');
    await expect(sendWeeklyDigest(now, { timeZone: 'Europe/Berlin', poster, logger, definition: midMonth })).rejects.toThrow('the answer was lost');
    expect(await sendWeeklyDigest(now, { timeZone: 'Europe/Berlin', poster, logger, definition: midMonth })).toBe('found_earlier');
    expect(posted).toEqual(['2026-11-16']);
    expect(await DigestRunModel.findById('2026-11-16').lean()).toMatchObject({ status: 'sent', ts: '1.0001', attempts: 2 });
  });

  it('on demand, posts the week so far as a run of its own, which never stands in for that week’s scheduled digest', async () => {
    const { poster, posted } = recordingPoster();
    const wednesday = new Date('2026-12-09T10:00:00Z');
    expect(await sendWeeklyDigest(wednesday, { timeZone: 'Europe/Berlin', poster, logger, definition: midMonth }, { thisWeek: true })).toBe('sent');
    expect(await sendWeeklyDigest(new Date('2026-12-10T10:00:00Z'), { timeZone: 'Europe/Berlin', poster, logger, definition: midMonth }, { thisWeek: true })).toBe('sent');
    expect(posted).toEqual(['2026-12-07 so far, 2026-12-09T10:00:00.000Z', '2026-12-07 so far, 2026-12-10T10:00:00.000Z']);
    // The next Monday, the scheduled digest of that week still goes out.
    expect(await sendWeeklyDigest(new Date('2026-12-14T08:00:00Z'), { timeZone: 'Europe/Berlin', poster, logger, definition: midMonth })).toBe('sent');
    expect(posted.at(-1)).toBe('2026-12-07');
  });
});
