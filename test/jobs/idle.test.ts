import { Collection } from 'mongodb';
import mongoose from 'mongoose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aLead, useTestApp } from '../support/testApp.js';

const app = useTestApp();

afterEach(() => vi.restoreAllMocks());

/**
 * Agenda locks a due job in MongoDB and lists it as locked only once the
 * database has answered. A look at the app in that moment must still see the
 * job as work to wait for: CI once read a lead before its CRM notice was
 * applied because `idle()` answered in exactly that gap.
 */
describe('waiting until Leadloop is idle', () => {
  it('waits for a job agenda has locked in the database but not yet listed', async () => {
    const originalLock = Collection.prototype.findOneAndUpdate;
    const originalCount = Collection.prototype.countDocuments;
    let lockedInDatabase!: () => void;
    const locked = new Promise<void>((resolve) => (lockedInDatabase = resolve));
    let releaseLock!: () => void;
    const released = new Promise<void>((resolve) => (releaseLock = resolve));
    let holding = false;

    // Hold the answer to the post job's lock: the database has locked it, agenda does not know yet.
    vi.spyOn(Collection.prototype, 'findOneAndUpdate').mockImplementation(async function (this: Collection, ...args: unknown[]) {
      const result = await (originalLock as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      const filter = args[0] as { name?: string };
      if (this.collectionName === 'jobs' && filter?.name === 'post-lead' && result && !holding) {
        holding = true;
        lockedInDatabase();
        await released;
      }
      return result;
    });
    // Let the lock's answer through only once idle() has looked at the jobs collection.
    vi.spyOn(Collection.prototype, 'countDocuments').mockImplementation(async function (this: Collection, ...args: unknown[]) {
      const result = await (originalCount as (...a: unknown[]) => Promise<number>).apply(this, args);
      if (this.collectionName === 'jobs' && holding) setImmediate(releaseLock);
      return result;
    });

    const answer = await app().postLead(aLead({ contact: { name: 'Ida Gap', email: 'ida.gap@example.com' } }));
    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };
    await locked;

    await app().running.idle();

    const lead = await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });
    expect(lead?.post.status).toBe('posted');
    expect(app().slack.accepted('chat.postMessage').some((c) => JSON.stringify(c.args.blocks).includes(id))).toBe(true);
  });
});
