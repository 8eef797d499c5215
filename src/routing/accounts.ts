import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AccountSummary, LeadFields, Stage } from '../leads/lead.js';
import { domainOf } from '../leads/leadValues.js';
import { wordList, type WordList } from '../util/wordList.js';

/**
 * Lead-to-account matching: which company a lead is from, as keys other
 * leads from the same company share, and what Leadloop already knows of
 * that company. Pure.
 */

const require = createRequire(import.meta.url);
/**
 * freemail's maintained lists of free and disposable email providers
 * (gmail.com, outlook.com, gmx.de, mailinator.com, …), read on first use
 * into a word list: its own isFree scans the whole list (about 90,000
 * entries) for every call, a tenth of a millisecond per lead, and a Set of
 * them kept 92,000 strings (8 MB) alive for every full collection to mark.
 */
let freeDomains: WordList | undefined;
function isFreeProvider(domain: string): boolean {
  if (!freeDomains) {
    const dir = dirname(require.resolve('freemail/package.json'));
    const read = (file: string) => readFileSync(join(dir, 'data', file), 'utf8').split('\n').map((d) => d.trim().toLowerCase()).filter(Boolean);
    freeDomains = wordList([...read('free.txt'), ...read('disposable.txt')]);
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

/**
 * Earlier leads of a company, counted by what the summary tells apart: their
 * stage, their owner, and for won leads the currency of their amount. The
 * database hands these over already counted, so summing up a company costs
 * the same whether it has five earlier leads or five hundred.
 */
export type AccountGroup = {
  stage: Stage;
  ownerId: string | null;
  /** How many earlier leads are in this group. */
  leads: number;
  /** The latest claim among them (for the owner's tie-break). */
  latestClaimedAt: Date | null;
  /** Won leads with an amount: their currency and the amounts summed (null otherwise). */
  revenue: { currency: string; amount: number } | null;
};

const OPEN: Stage[] = ['sal', 'sql', 'opportunity'];

/** What Leadloop knows of a company from its earlier leads, counted in groups; null when there are none. */
export function summarizeAccount(earlier: AccountGroup[]): AccountSummary | null {
  const total = earlier.reduce((sum, group) => sum + group.leads, 0);
  if (total === 0) return null;
  const revenue = new Map<string, number>();
  const owners = new Map<string, { leads: number; latest: number }>();
  let won = 0;
  let lost = 0;
  let open = 0;
  let openOpportunities = 0;
  for (const group of earlier) {
    if (group.stage === 'won') {
      won += group.leads;
      if (group.revenue) revenue.set(group.revenue.currency, (revenue.get(group.revenue.currency) ?? 0) + group.revenue.amount);
    }
    if (group.stage === 'lost') lost += group.leads;
    if (OPEN.includes(group.stage)) open += group.leads;
    if (group.stage === 'opportunity') openOpportunities += group.leads;
    // An owner still "owns" the account while they have an open or won lead there.
    if (group.ownerId && (OPEN.includes(group.stage) || group.stage === 'won')) {
      const current = owners.get(group.ownerId) ?? { leads: 0, latest: 0 };
      owners.set(group.ownerId, { leads: current.leads + group.leads, latest: Math.max(current.latest, group.latestClaimedAt?.getTime() ?? 0) });
    }
  }
  const owner = [...owners.entries()].sort((a, b) => b[1].leads - a[1].leads || b[1].latest - a[1].latest || a[0].localeCompare(b[0]))[0];
  return {
    leads: total,
    won,
    lost,
    open,
    openOpportunities,
    revenue: [...revenue.entries()].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency)),
    ...(owner ? { owner: { userId: owner[0], leads: owner[1].leads } } : {}),
  };
}
