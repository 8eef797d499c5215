import { describe, expect, it } from 'vitest';
import { LeadModel } from '../../src/storage/leadModel.js';
import { createHomeContent } from '../../src/usecases/homeContent.js';
import { leadDocument, planLeads } from '../support/leadHistories.js';
import { useDatabase } from '../support/testDatabase.js';

useDatabase([LeadModel]);

const NOW = new Date('2026-11-18T12:00:00Z');
const WEEK = { from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-18T11:00:00Z') };

describe('a marketer’s Home', () => {
  it('reads the week’s figures at most once per interval however often Homes are drawn, and catches up after it', async () => {
    await LeadModel.insertMany(planLeads(40, WEEK, 7).map(leadDocument));
    let elapsed = 0;
    const content = createHomeContent({ roles: { admins: [], sales: [], marketing: ['U0MKTG0001'] }, timeZone: () => 'UTC', now: () => NOW, figuresMaxAgeMs: 60_000, elapsedMs: () => elapsed });

    const first = await content('U0MKTG0001');
    expect(first.marketer?.figures.leadsIn).toBe(40);
    // Ten more leads arrive; Homes drawn within the minute share the figures already counted.
    await LeadModel.insertMany(planLeads(10, WEEK, 8).map((plan, i) => leadDocument(plan, 1000 + i)));
    elapsed = 59_000;
    expect((await content('U0MKTG0001')).marketer?.figures.leadsIn).toBe(40);
    // Past the interval, the next Home counts again.
    elapsed = 60_001;
    expect((await content('U0MKTG0001')).marketer?.figures.leadsIn).toBe(50);
    // The lists are read fresh every time.
    expect((await content('U0MKTG0001')).marketer?.nurture.length).toBeGreaterThan(0);
  });

  it('gives someone without a role nothing to read', async () => {
    const content = createHomeContent({ roles: { admins: ['U0ADMIN001'], sales: [], marketing: [] }, timeZone: () => 'UTC', now: () => NOW, figuresMaxAgeMs: 60_000 });
    expect(await content('U0STRANGER')).toEqual({ noRole: true });
  });
});

describe('a rep’s Home', () => {
  it('shares the list of leads waiting for a claim for up to a second, but never a read older than the change it shows', async () => {
    const waiting = (index: number, minutesAgo: number) =>
      leadDocument({ receivedAt: new Date(NOW.getTime() - minutesAgo * 60_000), qualifies: true, reminded: false, firstTouchReminded: false }, index);
    const names = (content: { rep?: { unclaimed: Array<{ contact: { name?: string } }> } }) => content.rep!.unclaimed.map((lead) => lead.contact.name);
    let elapsed = 0;
    const content = createHomeContent({ roles: { admins: [], sales: ['U0REP0001', 'U0REP0002'], marketing: [] }, timeZone: () => 'UTC', now: () => NOW, figuresMaxAgeMs: 60_000, elapsedMs: () => elapsed, waitingMaxAgeMs: 1_000 });

    await LeadModel.deleteMany({});
    await LeadModel.insertMany([waiting(9001, 30)]);
    expect(names(await content('U0REP0001', { changedAt: 0 }))).toEqual(['Lead 9001']);

    await LeadModel.insertMany([waiting(9002, 40)]);
    elapsed = 500;
    // A Home showing a change made before that read shares it…
    expect(names(await content('U0REP0002', { changedAt: -1 }))).toEqual(['Lead 9001']);
    // …one showing a change made after it reads again.
    expect(names(await content('U0REP0002', { changedAt: 400 }))).toEqual(['Lead 9002', 'Lead 9001']);

    await LeadModel.insertMany([waiting(9003, 50)]);
    elapsed = 1_400;
    expect(names(await content('U0REP0001', { changedAt: 100 }))).toEqual(['Lead 9002', 'Lead 9001']);
    // A second after the last read, every Home reads again.
    elapsed = 1_501;
    expect(names(await content('U0REP0001', { changedAt: 100 }))).toEqual(['Lead 9003', 'Lead 9002', 'Lead 9001']);
  });
});
