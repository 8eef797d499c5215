import { describe, expect, it } from 'vitest';
import { accountKeysOf, accountSearchKeys, normalizedCompanyName, summarizeAccount } from '../../src/routing/accounts.js';

const at = new Date('2026-11-30T10:00:00Z');

describe('which company a lead is from', () => {
  it('keys it by domain (the company’s, else the email’s) unless a free provider’s, and by its normalised name', () => {
    expect(accountKeysOf({ company: { name: 'Acme Rockets, Inc.', domain: 'https://www.Acme-Rockets.example/contact' }, contact: {} })).toEqual(['domain:acme-rockets.example', 'dname:acme rockets']);
    expect(accountKeysOf({ company: { name: 'Müller GmbH & Co. KG' }, contact: { email: 'jo@mueller.example' } })).toEqual(['domain:mueller.example', 'dname:muller']);
    expect(accountKeysOf({ company: { name: 'Solo' }, contact: { email: 'jo@gmail.com' } })).toEqual(['name:solo']);
    expect(accountKeysOf({ company: {}, contact: { email: 'jo@outlook.com' } })).toEqual([]);
    // Disposable providers too, and a provider's subdomains; a domain that only ends like one is a company's.
    expect(accountKeysOf({ company: {}, contact: { email: 'x@mailinator.com' } })).toEqual([]);
    expect(accountKeysOf({ company: {}, contact: { email: 'x@mail.gmx.de' } })).toEqual([]);
    expect(accountKeysOf({ company: {}, contact: { email: 'x@notgmail.com' } })).toEqual(['domain:notgmail.com']);
    expect(normalizedCompanyName('The Société Générale S.A.')).toBe('societe generale');
  });

  it('finds by domain, or by name among leads without a domain', () => {
    expect(accountSearchKeys(['domain:acme.example', 'dname:acme'])).toEqual(['domain:acme.example', 'name:acme']);
    expect(accountSearchKeys(['name:acme'])).toEqual(['name:acme', 'dname:acme']);
  });

  it('sums up the company: outcomes, open work, won revenue per currency, and who owns it', () => {
    const group = (stage: string, ownerId: string | null, leads: number, extra: object = {}) => ({ stage, ownerId, leads, latestClaimedAt: ownerId ? at : null, revenue: null, ...extra }) as never;
    const summary = summarizeAccount([
      group('won', 'UA', 1, { revenue: { currency: 'EUR', amount: 1000 } }),
      group('won', 'UA', 1),
      group('opportunity', 'UB', 1),
      group('lost', 'UB', 1),
      group('nurture', null, 1),
    ]);
    expect(summary).toEqual({ leads: 5, won: 2, lost: 1, open: 1, openOpportunities: 1, revenue: [{ currency: 'EUR', amount: 1000 }], owner: { userId: 'UA', leads: 2 } });
    // Groups add up: three open leads of one rep outweigh two won of another; a tie goes to the later claim.
    expect(summarizeAccount([group('sal', 'UC', 3), group('won', 'UD', 1, { revenue: { currency: 'USD', amount: 10 } }), group('won', 'UD', 1, { revenue: { currency: 'USD', amount: 5 } })])).toMatchObject({ leads: 5, won: 2, open: 3, revenue: [{ currency: 'USD', amount: 15 }], owner: { userId: 'UC', leads: 3 } });
    expect(summarizeAccount([group('sal', 'UE', 1), group('sql', 'UF', 1, { latestClaimedAt: new Date(at.getTime() + 1000) })])?.owner).toEqual({ userId: 'UF', leads: 1 });
    expect(summarizeAccount([group('lost', 'UC', 1)])?.owner).toBeUndefined();
    expect(summarizeAccount([])).toBeNull();
  });
});
