import { describe, expect, it } from 'vitest';
import { loadDefinitionFile } from '../../src/definition/definitionFile.js';
import { LeadModel } from '../../src/storage/leadModel.js';
import { claim } from '../../src/leads/transitions.js';
import { findLead } from '../../src/storage/leadQueries.js';
import { applyTransition, insertLead } from '../../src/storage/leadRepository.js';
import { autoAcceptOverdue } from '../../src/usecases/autoAccept.js';
import { recordStep } from '../../src/usecases/recordStep.js';
import { useDatabase } from '../support/testDatabase.js';

const definition = await loadDefinitionFile('config/lead-definition.yml'); // verdict window: 24 h
const t0 = new Date('2026-11-02T09:00:00Z');
const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);

useDatabase([LeadModel]);

async function claimedAt(email: string, at: Date) {
  const lead = await insertLead({ contact: { email }, company: { name: 'X' }, qualification: {} }, 'mql', { status: 'pending' }, t0, { kind: 'api' });
  await applyTransition(lead!.id, claim('U0SILENT', at));
  return lead!.id;
}

describe('autoAcceptOverdue', () => {
  it('counts a claim older than the verdict window as accepted, recorded as auto-accepted, and leaves the rest', async () => {
    const overdue = await claimedAt('overdue@example.com', hours(0));
    const fresh = await claimedAt('fresh@example.com', hours(2));
    const answered = await claimedAt('answered@example.com', hours(0));
    await recordStep({ leadId: answered, step: 'reject', by: { kind: 'user', userId: 'U0SILENT' }, details: { reason: 'spam' } }, { now: hours(1), definition });

    const accepted = await autoAcceptOverdue(hours(24.5), definition);
    expect(accepted.map((l) => l.id)).toEqual([overdue]);
    const lead = (await findLead(overdue))!;
    expect(lead.verdict).toEqual({ kind: 'auto_accepted', at: hours(24.5), by: 'leadloop' });
    expect(lead.stage).toBe('sal');
    expect(lead.history.at(-1)).toMatchObject({ event: 'auto_accepted', by: { kind: 'system' }, from: 'sal', to: 'sal' });
    expect((await findLead(fresh))!.verdict).toBeNull();
    expect((await findLead(answered))!.verdict).toMatchObject({ kind: 'rejected' });

    // Running again changes nothing: the step is recorded once.
    expect(await autoAcceptOverdue(hours(25), definition)).toEqual([]);
    // An auto-accepted lead moves on like an accepted one.
    const next = await recordStep({ leadId: overdue, step: 'meeting', by: { kind: 'user', userId: 'U0SILENT' } }, { now: hours(31), definition });
    expect(next).toMatchObject({ kind: 'recorded', lead: { stage: 'sql' } });
  });
});
