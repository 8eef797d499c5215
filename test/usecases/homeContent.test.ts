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
