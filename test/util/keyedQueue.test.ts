import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../src/util/keyedQueue.js';

describe('createKeyedQueue', () => {
  it('runs tasks of one key in order, even when the first is slower, and keeps going after a failure', async () => {
    const queue = createKeyedQueue();
    const done: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run('lead-1', () => new Promise<void>((r) => (releaseFirst = r)).then(() => void done.push('first')));
    const failing = queue.run('lead-1', async () => {
      throw new Error('slack said no');
    });
    const third = queue.run('lead-1', async () => void done.push('third'));
    const other = queue.run('lead-2', async () => void done.push('other key'));
    await other;
    expect(done).toEqual(['other key']);
    releaseFirst();
    await first;
    await expect(failing).rejects.toThrow('slack said no');
    await third;
    expect(done).toEqual(['other key', 'first', 'third']);
  });
});
