import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { LeadModel } from '../../src/storage/leadModel.js';
import { claim, release } from '../../src/leads/transitions.js';
import { applyTransition, insertLead } from '../../src/storage/leadRepository.js';

/** The claim and release rules, as the use cases run them. */
const claimLead = (id: string, userId: string, at: Date) => applyTransition(id, claim(userId, at));
const releaseLead = (id: string, userId: string, at: Date) => applyTransition(id, release(userId, at));
import { useDatabase } from '../support/testDatabase.js';

useDatabase([LeadModel]);

const at = new Date('2026-11-02T09:00:00Z');
const api = { kind: 'api' } as const;

describe('insertLead', () => {
  it('stores any number of leads without email or external id (undefined is never stored as null)', async () => {
    const fields = { contact: { name: 'No Email', email: undefined }, company: {}, qualification: {}, externalId: undefined };
    const first = await insertLead(fields, 'inquiry', { status: 'not_posted' }, at, api);
    const second = await insertLead(fields, 'inquiry', { status: 'not_posted' }, at, api);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(first!.id).not.toBe(second!.id);
    const stored = await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(first!.id) });
    expect(stored).not.toHaveProperty('externalId');
    expect(stored!.contact).not.toHaveProperty('email');
  });

  it('refuses a second lead with the same email in another case (the caller merges instead)', async () => {
    const fields = (email: string) => ({ contact: { email }, company: { name: 'X' }, qualification: {} });
    expect(await insertLead(fields('Same@Example.com'), 'mql', { status: 'pending' }, at, api)).not.toBeNull();
    expect(await insertLead(fields('same@example.COM'), 'mql', { status: 'pending' }, at, api)).toBeNull();
  });
});

describe('the claim and release rules, run atomically', () => {
  it('lets only an unowned mql lead be claimed, and only its owner release it', async () => {
    const lead = (await insertLead({ contact: { email: 'claim-repo@example.com' }, company: { name: 'X' }, qualification: {} }, 'mql', { status: 'pending' }, at, api))!;
    const later = new Date(at.getTime() + 60_000);
    expect(await claimLead(lead.id, 'U1', later)).toMatchObject({ stage: 'sal', owner: { userId: 'U1', claimedAt: later } });
    expect(await claimLead(lead.id, 'U2', later)).toBeNull();
    expect(await releaseLead(lead.id, 'U2', later)).toBeNull();
    expect(await releaseLead(lead.id, 'U1', later)).toMatchObject({ stage: 'mql', owner: null });
    expect(await claimLead('not-an-id', 'U1', later)).toBeNull();
  });
});
