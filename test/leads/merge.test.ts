import { describe, expect, it } from 'vitest';
import { mergeLeadFields } from '../../src/leads/merge.js';

describe('mergeLeadFields', () => {
  it('fills what was unknown and never overwrites what is known', () => {
    const existing = { contact: { email: 'a@x.co', name: 'Ana' }, company: {}, qualification: { budget: 'none' }, source: 'web' };
    const incoming = { contact: { email: 'A@x.co', name: 'Anna', phone: '+1 555' }, company: { name: 'X' }, qualification: { budget: '50k', need: 'yes' }, source: 'ads', campaign: 'c1' };
    const { merged, filled } = mergeLeadFields(existing, incoming);
    expect(merged).toEqual({
      contact: { email: 'a@x.co', name: 'Ana', phone: '+1 555' },
      company: { name: 'X' },
      qualification: { budget: 'none', need: 'yes' },
      source: 'web',
      campaign: 'c1',
    });
    expect(filled.sort()).toEqual(['campaign', 'company.name', 'contact.phone', 'qualification.need']);
  });

  it('reports nothing filled for an exact repeat', () => {
    const lead = { contact: { email: 'a@x.co' }, company: { name: 'X' }, qualification: {} };
    expect(mergeLeadFields(lead, lead).filled).toEqual([]);
  });
});
