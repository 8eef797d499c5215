import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { aLead, useTestApp } from '../support/testApp.js';

const app = useTestApp();
const versions = () => mongoose.connection.db!.collection('definitions');

describe('when the lead definitions are deleted under a running Leadloop', () => {
  it('puts the file’s definition in force again as the next version, says so, and takes leads without a restart', async () => {
    const before = await versions().find({}).toArray();
    expect(before.map((v) => v.status)).toEqual(['active']);
    await versions().deleteMany({});

    const res = await app().postLead(aLead({ contact: { name: 'After Restore', email: 'after-restore@example.com' } }));
    expect(res.status).toBe(201);
    const restored = await versions().find({}).toArray();
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ status: 'active', version: 1, proposedBy: 'config/lead-definition.yml (restored: no definition was in force)' });
    expect(app().logs.lines).toContainEqual(expect.objectContaining({ event: 'definition_restored', definitionVersion: 1 }));
    const ready = await fetch(`${app().url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: { definition: string } }).checks.definition).toBe('in force');
  });

  it('keeps the numbering going when only the active version was lost', async () => {
    // A proposal remains, the version in force is gone.
    const active = await versions().findOne({ status: 'active' });
    await versions().insertOne({ ...active, _id: new mongoose.Types.ObjectId(), version: 2, status: 'proposed' });
    await versions().deleteOne({ status: 'active' });
    const res = await app().postLead(aLead({ contact: { name: 'Second Restore', email: 'second-restore@example.com' } }));
    expect(res.status).toBe(201);
    expect(await versions().findOne({ status: 'active' })).toMatchObject({ version: 3 });
  });
});

describe('when several requests find the definition gone at once', () => {
  it('restores it once', async () => {
    await mongoose.connection.db!.collection('definitions').deleteMany({});
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => app().postLead(aLead({ contact: { name: `Race ${i}`, email: `race-${i}@example.com` } }))));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(await mongoose.connection.db!.collection('definitions').countDocuments({ status: 'active' })).toBe(1);
  });
});
