import { beforeEach, describe, expect, it } from 'vitest';
import { loadDefinitionFile } from '../../src/definition/definitionFile.js';
import { addApproval } from '../../src/definition/approval.js';
import { DefinitionVersionModel } from '../../src/storage/definitionModel.js';
import { findActive } from '../../src/storage/definitionRepository.js';
import { approveDefinitionChange, ensureDefinition, proposeDefinitionChange } from '../../src/usecases/leadDefinition.js';
import { useDatabase } from '../support/testDatabase.js';

const shipped = await loadDefinitionFile('config/lead-definition.yml');
const t0 = new Date('2026-11-02T09:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

useDatabase([DefinitionVersionModel]);
beforeEach(async () => {
  await DefinitionVersionModel.deleteMany({});
});

describe('the first start', () => {
  it('makes the file version 1, once, even when two instances start together', async () => {
    const [a, b] = await Promise.all([ensureDefinition(shipped, t0), ensureDefinition(shipped, t0)]);
    expect(a.version).toBe(1);
    expect(b.version).toBe(1);
    expect(await DefinitionVersionModel.countDocuments()).toBe(1);
    // A later start keeps what is stored, even if the file changed since.
    const again = await ensureDefinition({ ...shipped, threshold: 99 }, later(5));
    expect(again.definition.threshold).toBe(shipped.threshold);
  });
});

describe('a change to the definition', () => {
  it('waits for one approval from sales and one from marketing, then takes effect with who and what recorded', async () => {
    await ensureDefinition(shipped, t0);
    const proposed = await proposeDefinitionChange({ ...shipped, threshold: 60 }, 'U0ADMIN', later(1));
    expect(proposed).toMatchObject({ kind: 'awaiting_approval', version: { version: 2, proposedBy: 'U0ADMIN', changes: ['threshold: 50 → 60'], basedOn: 1 } });
    expect((await findActive())!.version).toBe(1);

    const first = await approveDefinitionChange(2, { userId: 'U0SALES', side: 'sales' }, later(2));
    expect(first).toMatchObject({ kind: 'approved', activated: false });
    expect((await findActive())!.version).toBe(1);

    const second = await approveDefinitionChange(2, { userId: 'U0MKT', side: 'marketing' }, later(3));
    expect(second).toMatchObject({ kind: 'approved', activated: true });
    const active = await findActive();
    expect(active).toMatchObject({ version: 2, definition: { threshold: 60 }, activatedAt: later(3) });
    expect(active!.approvals.map((a) => [a.side, a.userId])).toEqual([['sales', 'U0SALES'], ['marketing', 'U0MKT']]);
    expect(await DefinitionVersionModel.findOne({ version: 1 }).lean()).toMatchObject({ status: 'superseded' });
  });

  it('counts both approvals when sales and marketing approve at the same moment', async () => {
    await ensureDefinition(shipped, t0);
    await proposeDefinitionChange({ ...shipped, threshold: 60 }, 'U0ADMIN', later(1));
    const results = await Promise.all([
      approveDefinitionChange(2, { userId: 'U0SALES', side: 'sales' }, later(2)),
      approveDefinitionChange(2, { userId: 'U0MKT', side: 'marketing' }, later(2)),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['approved', 'approved']);
    expect(results.filter((r) => r.kind === 'approved' && r.activated)).toHaveLength(1);
    expect(await findActive()).toMatchObject({ version: 2, definition: { threshold: 60 } });
  });

  it('takes effect at once when the definition in force does not ask for approval', async () => {
    await ensureDefinition({ ...shipped, changeApproval: false }, t0);
    const result = await proposeDefinitionChange({ ...shipped, changeApproval: false, verdictWindowHours: 12 }, 'U0ADMIN', later(1));
    expect(result).toMatchObject({ kind: 'activated', version: { version: 2 } });
    expect((await findActive())!.definition.verdictWindowHours).toBe(12);
  });

  it('cannot switch off its own approval', async () => {
    await ensureDefinition(shipped, t0);
    const result = await proposeDefinitionChange({ ...shipped, changeApproval: false }, 'U0ADMIN', later(1));
    expect(result.kind).toBe('awaiting_approval');
  });

  it('refuses an invalid definition or one that changes nothing, and stores nothing', async () => {
    await ensureDefinition(shipped, t0);
    expect(await proposeDefinitionChange({ ...shipped, threshold: 'high' }, 'U0ADMIN', later(1))).toMatchObject({ kind: 'refused', reasons: [expect.stringContaining('threshold')] });
    expect(await proposeDefinitionChange(shipped, 'U0ADMIN', later(1))).toEqual({ kind: 'refused', reasons: ['nothing changed'] });
    expect(await DefinitionVersionModel.countDocuments()).toBe(1);
  });

  it('of two changes based on the same version, lets only the first approved take effect', async () => {
    await ensureDefinition(shipped, t0);
    await proposeDefinitionChange({ ...shipped, threshold: 60 }, 'U0ADMIN', later(1));
    await proposeDefinitionChange({ ...shipped, threshold: 70 }, 'U0ADMIN', later(2));
    for (const version of [3, 2]) await approveDefinitionChange(version, { userId: 'U0SALES', side: 'sales' }, later(3));
    expect(await approveDefinitionChange(3, { userId: 'U0MKT', side: 'marketing' }, later(4))).toMatchObject({ kind: 'approved', activated: true });
    const stale = await approveDefinitionChange(2, { userId: 'U0MKT', side: 'marketing' }, later(5));
    expect(stale).toMatchObject({ kind: 'refused', reason: expect.stringContaining('no longer the active one') });
    expect((await findActive())!.definition.threshold).toBe(70);
    expect(await DefinitionVersionModel.findOne({ version: 2 }).lean()).toMatchObject({ status: 'withdrawn' });
  });
});

describe('addApproval', () => {
  const at = t0;
  it('needs both sides, from two different people, once each', () => {
    const one = addApproval([], { userId: 'U1', side: 'sales', at });
    expect(one).toMatchObject({ kind: 'recorded', complete: false });
    if (one.kind !== 'recorded') return;
    expect(addApproval(one.approvals, { userId: 'U2', side: 'sales', at })).toEqual({ kind: 'refused', reason: 'sales has already approved this change.' });
    expect(addApproval(one.approvals, { userId: 'U1', side: 'marketing', at })).toMatchObject({ kind: 'refused' });
    expect(addApproval(one.approvals, { userId: 'U2', side: 'marketing', at })).toMatchObject({ kind: 'recorded', complete: true });
  });
});
