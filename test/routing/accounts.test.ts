import { describe, expect, it } from 'vitest';
import { accountKeysOf, accountSearchKeys, normalizedCompanyName, summarizeAccount } from '../../src/routing/accounts.js';

const at = new Date('2026-11-30T10:00:00Z');

describe('which company a lead is from', () => {
  it('keys it by domain (the company’s, else the email’s) unless a free provider’s, and by its normalised name', () => {
    expect(accountKeysOf({ company: { name: 'Acme Rockets, Inc.', domain: 'https://www.Acme-Rockets.example/contact' }, contact: {} })).toEqual(['domain:acme-rockets.example', 'dname:acme rockets']);
    expect(accountKeysOf({ company: { name: 'Müller GmbH & Co. KG' }, contact: { email: 'jo@mueller.example' } })).toEqual(['domain:mueller.example', 'dname:muller']);
    expect(accountKeysOf({ company: { name: 'Solo' }, contact: { email: 'jo@gmail.com' } })).toEqual(['name:solo']);
    expect(accountKeysOf({ company: {}, contact: { email: 'jo@outlook.com' } })).toEqual([]);
    expect(normalizedCompanyName('The Société Générale S.A.')).toBe('societe generale');
  });

  it('finds by domain, or by name among leads without a domain', () => {
    expect(accountSearchKeys(['domain:acme.example', 'dname:acme'])).toEqual(['domain:acme.example', 'name:acme']);
    expect(accountSearchKeys(['name:acme'])).toEqual(['name:acme', 'dname:acme']);
  });

  it('sums up the company: outcomes, open work, won revenue per currency, and who owns it', () => {
    const owned = (userId: string, stage: string, extra: object = {}) => ({ stage, owner: { userId, claimedAt: at }, outcome: null, receivedAt: at, ...extra }) as never;
    const summary = summarizeAccount([
      owned('UA', 'won', { outcome: { kind: 'won', amount: 1000, currency: 'EUR' } }),
      owned('UA', 'won', { outcome: { kind: 'won' } }),
      owned('UB', 'opportunity'),
      owned('UB', 'lost'),
      { stage: 'nurture', owner: null, outcome: null, receivedAt: at } as never,
    ]);
    expect(summary).toEqual({ leads: 5, won: 2, lost: 1, open: 1, openOpportunities: 1, revenue: [{ currency: 'EUR', amount: 1000 }], owner: { userId: 'UA', leads: 2 } });
    expect(summarizeAccount([owned('UC', 'lost')])?.owner).toBeUndefined();
    expect(summarizeAccount([])).toBeNull();
  });
});
