import type { HistoryEntry, Lead } from '../leads/lead.js';

/** How a stored lead document becomes the plain Lead the rest of the app uses. */
type StoredLead = Record<string, unknown> & { _id: unknown };

export function toLead(doc: StoredLead): Lead {
  const { _id, contact, ...rest } = doc as StoredLead & { contact?: Record<string, unknown> };
  const { emailKey: _emailKey, ...publicContact } = contact ?? {};
  return {
    ...(rest as unknown as Omit<Lead, 'id' | 'contact'>),
    id: String(_id),
    origin: rest.origin === 'sales' ? 'sales' : 'marketing',
    contact: publicContact,
    company: (rest.company as Lead['company']) ?? {},
    qualification: (rest.qualification as Lead['qualification']) ?? {},
    owner: (rest.owner as Lead['owner']) ?? null,
    verdict: (rest.verdict as Lead['verdict']) ?? null,
    firstTouchAt: (rest.firstTouchAt as Date | null) ?? null,
    outcome: (rest.outcome as Lead['outcome']) ?? null,
    rejectedBy: (rest.rejectedBy as string[]) ?? [],
    history: (rest.history as HistoryEntry[]) ?? [],
  };
}
