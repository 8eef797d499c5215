import { describe, expect, it } from 'vitest';
import { createCoalescer, type CoalescerClock } from '../../src/util/coalescer.js';

/** A clock the test moves by hand: timers fire only when it is advanced past them. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void }> = [];
  const clock: CoalescerClock = {
    now: () => now,
    after: (ms, fn) => void timers.push({ at: now + ms, fn }),
  };
  return {
    clock,
    pendingTimers: () => timers.length,
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.fn());
    },
  };
}

/** Lets setImmediate-deferred pumps and finished tasks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

describe('createCoalescer with a minimum interval per key', () => {
  it('runs the first change at once, gathers the next ones into one run when the interval is up, and drops none', async () => {
    const time = manualClock();
    const runs: string[] = [];
    const redraws = createCoalescer({ concurrency: 2, minIntervalMs: 2000, clock: time.clock, onError: () => undefined });
    const state = { ana: 'claimed 1' };
    const redraw = () => async () => void runs.push(`ana: ${state.ana}`);

    redraws.request('ana', redraw());
    await settle();
    expect(runs).toEqual(['ana: claimed 1']);

    // Three more changes within the interval: nothing runs yet, one timer waits.
    for (const n of [2, 3, 4]) {
      state.ana = `claimed ${n}`;
      redraws.request('ana', redraw());
      await settle();
      time.advance(300);
    }
    expect(runs).toEqual(['ana: claimed 1']);
    expect(time.pendingTimers()).toBe(1);
    let idle = false;
    void redraws.idle().then(() => (idle = true));
    await settle();
    expect(idle).toBe(false);

    // When the interval is up, one run draws the latest state.
    time.advance(2000 - 900);
    await settle();
    expect(runs).toEqual(['ana: claimed 1', 'ana: claimed 4']);
    expect(idle).toBe(true);
  });

  it('holds back only the key that ran lately: another person is drawn at once', async () => {
    const time = manualClock();
    const runs: string[] = [];
    const redraws = createCoalescer({ concurrency: 2, minIntervalMs: 2000, clock: time.clock, onError: () => undefined });
    redraws.request('ana', async () => void runs.push('ana 1'));
    await settle();
    redraws.request('ana', async () => void runs.push('ana 2'));
    redraws.request('ben', async () => void runs.push('ben 1'));
    await settle();
    expect(runs).toEqual(['ana 1', 'ben 1']);
    time.advance(2000);
    await settle();
    expect(runs).toEqual(['ana 1', 'ben 1', 'ana 2']);
  });

  it('after a quiet spell longer than the interval, a change runs at once again', async () => {
    const time = manualClock();
    const runs: number[] = [];
    const redraws = createCoalescer({ concurrency: 1, minIntervalMs: 2000, clock: time.clock, onError: () => undefined });
    redraws.request('ana', async () => void runs.push(1));
    await settle();
    time.advance(5000);
    redraws.request('ana', async () => void runs.push(2));
    await settle();
    expect(runs).toEqual([1, 2]);
    expect(time.pendingTimers()).toBe(0);
  });
});

describe('createCoalescer with a budget across keys', () => {
  it('starts a burst at once, then one run per share of the minute, in the order asked, each key once with its latest task', async () => {
    const time = manualClock();
    const runs: string[] = [];
    const redraws = createCoalescer({ concurrency: 10, budget: { perMinute: 60, burst: 2 }, clock: time.clock, onError: () => undefined });
    for (const who of ['ana', 'ben', 'cem', 'dan']) redraws.request(who, async () => void runs.push(`${who} 1`));
    await settle();
    expect(runs).toEqual(['ana 1', 'ben 1']);
    // Dan changes again while he waits: still one run for him, with the latest state.
    redraws.request('dan', async () => void runs.push('dan 2'));
    let idle = false;
    void redraws.idle().then(() => (idle = true));
    time.advance(999);
    await settle();
    expect(runs).toEqual(['ana 1', 'ben 1']);
    time.advance(1);
    await settle();
    expect(runs).toEqual(['ana 1', 'ben 1', 'cem 1']);
    expect(idle).toBe(false);
    time.advance(1000);
    await settle();
    expect(runs).toEqual(['ana 1', 'ben 1', 'cem 1', 'dan 2']);
    expect(idle).toBe(true);
    expect(time.pendingTimers()).toBe(0);
  });

  it('refills while quiet, never beyond the burst', async () => {
    const time = manualClock();
    const runs: number[] = [];
    const redraws = createCoalescer({ concurrency: 10, budget: { perMinute: 60, burst: 2 }, clock: time.clock, onError: () => undefined });
    redraws.request('a', async () => void runs.push(1));
    redraws.request('b', async () => void runs.push(2));
    await settle();
    time.advance(60_000);
    for (const key of ['c', 'd', 'e']) redraws.request(key, async () => void runs.push(runs.length + 1));
    await settle();
    expect(runs).toEqual([1, 2, 3, 4]);
    time.advance(1000);
    await settle();
    expect(runs).toEqual([1, 2, 3, 4, 5]);
  });
});
