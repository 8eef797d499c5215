import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { definitionSchema } from '../../src/definition/definition.js';
import { LeadModel } from '../../src/storage/leadModel.js';
import { RepModel } from '../../src/storage/repRepository.js';
import { checkServiceLevels } from '../../src/usecases/serviceLevels.js';
import { leadDocument } from '../support/leadHistories.js';
import { useDatabase } from '../support/testDatabase.js';

useDatabase([LeadModel, RepModel]);
const definition = definitionSchema.parse(parse(readFileSync(new URL('../../config/lead-definition.yml', import.meta.url), 'utf8')));
const clockTime = { ...definition, serviceLevels: { ...definition.serviceLevels, businessHoursOnly: false } };
const roster = ['U0REPA0001', 'U0REPB0001', 'U0REPC0001'];

describe('checkServiceLevels, run by two instances at once', () => {
  it('escalates each overdue lead once, to different reps in turn', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const docs = [0, 1, 2, 3].map((i) =>
      leadDocument({ receivedAt: new Date('2026-11-23T09:00:00Z'), qualifies: true, reminded: true, firstTouchReminded: false, source: 'web' }, 900 + i),
    );
    await LeadModel.collection.insertMany(docs);
    const check = () => checkServiceLevels({ now, definition: clockTime, timeZone: 'UTC', roster });
    const [a, b] = await Promise.all([check(), check()]);
    const escalated = [...a, ...b].filter((n) => n.kind === 'escalated');
    expect(escalated).toHaveLength(4);
    const leads = await LeadModel.find({ _id: { $in: docs.map((d) => d._id as mongoose.Types.ObjectId) } }).lean();
    for (const lead of leads) expect(lead.history.filter((h) => h.event === 'escalated')).toHaveLength(1);
    const owners = leads.map((l) => l.owner!.userId).sort();
    // Four leads over three reps: everyone gets one before anyone gets a second.
    expect(new Set(owners).size).toBe(3);
    const counts = (await RepModel.find().lean()).map((r) => r.assignments).sort();
    expect(counts).toEqual([1, 1, 2]);
  });
});

describe('checkServiceLevels with many leads still inside their window', () => {
  it('reminds about an overdue lead however many fresher leads were stored before it', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    // 250 leads posted a minute ago, stored first; then one posted three hours ago (an import, say).
    const fresh = Array.from({ length: 250 }, (_, i) => leadDocument({ receivedAt: new Date(now.getTime() - 60_000), qualifies: true, reminded: false, firstTouchReminded: false, source: 'web' }, 2000 + i));
    const overdue = leadDocument({ receivedAt: new Date('2026-11-23T09:00:00Z'), qualifies: true, reminded: false, firstTouchReminded: false, source: 'web' }, 3000);
    await LeadModel.collection.insertMany([...fresh, overdue]);
    const notices = await checkServiceLevels({ now, definition: clockTime, timeZone: 'UTC', roster });
    expect(notices.map((n) => [n.kind, n.lead.id])).toEqual([['claim_reminder', String(overdue._id)]]);
  });
});
