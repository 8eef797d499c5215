import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AccountSummary, Lead, LeadFields, Stage } from '../leads/lead.js';
import { domainOf } from '../leads/leadValues.js';

/**
 * Lead-to-account matching: which company a lead is from, as keys other
 * leads from the same company share, and what Leadloop already knows of
 * that company. Pure.
 */

const require = createRequire(import.meta.url);
/**
 * freemail's maintained lists of free and disposable email providers
 * (gmail.com, outlook.com, gmx.de, mailinator.com, …), read into a set on
 * first use: its own isFree scans the whole list (about 90,000 entries) for
 * every call, a tenth of a millisecond per lead.
 */
let freeDomains: Set<string> | undefined;
function isFreeProvider(domain: string): boolean {
  if (!freeDomains) {
    const dir = dirname(require.resolve('freemail/package.json'));
    const read = (file: string) => readFileSync(join(dir, 'data', file), 'utf8').split('\n').map((d) => d.trim().toLowerCase()).filter(Boolean);
    freeDomains = new Set([...read('free.txt'), ...read('disposable.txt')]);
  }
  // mail.gmail.com is gmail.com's.
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) if (freeDomains.has(labels.slice(i).join('.'))) return true;
  return false;
}

/** Legal forms that do not tell companies apart ("Acme Inc." is "ACME GmbH" is "acme"). */
const LEGAL_FORMS = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company', 'gmbh', 'ag', 'kg', 'ug', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'pty', 'llp', 'lp', 'the']);

/**
 * The keys a lead's company is stored under: its domain (the company's,
 * else the email's), unless a free email provider's, and its name without
 * case, accents, punctuation or legal form. Two leads are one company when
 * their domains are the same, or, where one of them has no domain, their
 * names are: so a lead with a domain stores its name as `dname:` (found by
 * name only from leads without a domain) and one without as `name:`.
 */
export function accountKeysOf(fields: Pick<LeadFields, 'company' | 'contact'>): string[] {
  const domain = companyDomain(fields);
  const name = normalizedCompanyName(fields.company.name ?? '');
  return [...(domain ? [`domain:${domain}`] : []), ...(name ? [`${domain ? 'dname' : 'name'}:${name}`] : [])];
}

/** The keys that find a lead's company among stored leads (see accountKeysOf). */
export function accountSearchKeys(keys: string[]): string[] {
  const domain = keys.find((k) => k.startsWith('domain:'));
  const name = keys.find((k) => k.startsWith('name:') || k.startsWith('dname:'))?.replace(/^d?name:/, '');
  if (domain) return [domain, ...(name ? [`name:${name}`] : [])];
  return name ? [`name:${name}`, `dname:${name}`] : [];
}

function companyDomain(fields: Pick<LeadFields, 'company' | 'contact'>): string | null {
  const domain = fields.company.domain ? domainOf(fields.company.domain) : fields.contact.email?.split('@')[1]?.trim().toLowerCase();
  return domain && domain.includes('.') && !isFreeProvider(domain) ? domain : null;
}

export function normalizedCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // "S.A.", "Inc." and "Co." are one word each.
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w && !LEGAL_FORMS.has(w));
  return words.join(' ');
}

export type { AccountSummary };

export type AccountLead = Pick<Lead, 'stage' | 'owner' | 'outcome' | 'receivedAt'>;

const OPEN: Stage[] = ['sal', 'sql', 'opportunity'];

export function summarizeAccount(earlier: AccountLead[]): AccountSummary | null {
  if (earlier.length === 0) return null;
  const revenue = new Map<string, number>();
  const owners = new Map<string, { leads: number; latest: number }>();
  let won = 0;
  let lost = 0;
  let open = 0;
  let openOpportunities = 0;
  for (const lead of earlier) {
    if (lead.stage === 'won') {
      won += 1;
      if (lead.outcome?.kind === 'won' && lead.outcome.amount !== undefined && lead.outcome.currency) revenue.set(lead.outcome.currency, (revenue.get(lead.outcome.currency) ?? 0) + lead.outcome.amount);
    }
    if (lead.stage === 'lost') lost += 1;
    if (OPEN.includes(lead.stage)) open += 1;
    if (lead.stage === 'opportunity') openOpportunities += 1;
    // An owner still "owns" the account while they have an open or won lead there.
    if (lead.owner && (OPEN.includes(lead.stage) || lead.stage === 'won')) {
      const current = owners.get(lead.owner.userId) ?? { leads: 0, latest: 0 };
      owners.set(lead.owner.userId, { leads: current.leads + 1, latest: Math.max(current.latest, new Date(lead.owner.claimedAt).getTime()) });
    }
  }
  const owner = [...owners.entries()].sort((a, b) => b[1].leads - a[1].leads || b[1].latest - a[1].latest || a[0].localeCompare(b[0]))[0];
  return {
    leads: earlier.length,
    won,
    lost,
    open,
    openOpportunities,
    revenue: [...revenue.entries()].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency)),
    ...(owner ? { owner: { userId: owner[0], leads: owner[1].leads } } : {}),
  };
}
