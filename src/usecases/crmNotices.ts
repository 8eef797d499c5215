import type { CrmNotice } from '../crm/notice.js';
import type { Lead } from '../leads/lead.js';
import * as inbox from '../storage/crmInboxRepository.js';
import * as queries from '../storage/leadQueries.js';
import * as leads from '../storage/leadRepository.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { recordCrmEvent } from './recordCrmEvent.js';

export type { StoredNotice, NoticeStatus } from '../storage/crmInboxRepository.js';

/** How long a notice about a person Leadloop never heard of waits for them before it is dropped. */
export const WAITING_DAYS = 30;

/**
 * A CRM's delivery, kept before the CRM is answered: each notice once (a
 * retried delivery's notices are recognised by their ids and not kept
 * again). Answers which notices are new, to be applied in the background.
 */
export function receiveCrmNotices(notices: CrmNotice[], now: Date): Promise<{ stored: string[]; repeated: string[] }> {
  return inbox.storeNotices(notices, now);
}

type Deps = { now: Date; definition: ActiveDefinition };

/**
 * Applies stored notices, in the order the CRM says things happened. Each
 * ends in one state, kept for admins: applied; kept on the lead until a rep
 * claims it (pending_claim); waiting for the lead to arrive (no lead has
 * those ids or that email yet); or dropped, with why (the lead is past that
 * step, a reason the definition lacks). Applying again is harmless: each
 * step carries the notice's id, and a lead records it once.
 * Answers the leads that changed, to be shown again.
 */
export async function applyCrmNotices(ids: string[], deps: Deps): Promise<Lead[]> {
  const changed = new Map<string, Lead>();
  for (const notice of await inbox.findNotices(ids)) {
    if (notice.status !== 'received' && notice.status !== 'waiting') continue;
    for (const lead of await applyOne(notice, deps)) changed.set(lead.id, lead);
  }
  return [...changed.values()];
}

/**
 * A lead arrived (or gained ids): the notices that waited for it are applied
 * now. Answers the leads that changed.
 */
export async function applyWaitingCrmNotices(lead: Lead, deps: Deps): Promise<Lead[]> {
  if (!(await anyWaiting())) return [];
  const keys = inbox.matchKeysOf({ ids: [...(lead.externalId ? [lead.externalId] : []), ...(lead.crmIds ?? [])], ...(lead.contact.email ? { email: lead.contact.email } : {}) });
  const waiting = await inbox.findWaiting(keys, 200);
  if (waiting.length === 0) return [];
  return applyCrmNotices(waiting.map((n) => n.id), deps);
}

/**
 * Whether any notice waits at all, read at most once a second: most teams
 * have none, and a new lead then costs no look into the inbox. A notice that
 * starts waiting on another instance within that second is caught by the
 * sweep (retryRecentlyWaiting), a minute later at most.
 */
const WAITING_CHECK_MS = 1_000;
let waitingCheck: { any: boolean; at: number } | undefined;
async function anyWaiting(): Promise<boolean> {
  if (waitingCheck && Date.now() - waitingCheck.at < WAITING_CHECK_MS) return waitingCheck.any;
  waitingCheck = { any: await inbox.anyWaiting(), at: Date.now() };
  return waitingCheck.any;
}

/** Notices that started waiting in the last few minutes are tried again (a lead that arrived on another instance meanwhile). */
export async function retryRecentlyWaiting(deps: Deps, withinMs = 10 * 60_000): Promise<Lead[]> {
  const ids = await inbox.findWaitingReceivedSince(new Date(deps.now.getTime() - withinMs), 500);
  return ids.length ? applyCrmNotices(ids, deps) : [];
}

/** Notices stored but never applied (their instance stopped first), for the sweep. */
export function unappliedCrmNotices(before: Date, limit: number): Promise<string[]> {
  return inbox.findUnprocessedIds(before, limit);
}

/** Notices that waited longer than WAITING_DAYS for a lead that never came are dropped, saying so. */
export async function expireWaitingCrmNotices(now: Date): Promise<number> {
  return inbox.dropWaitingBefore(new Date(now.getTime() - WAITING_DAYS * 86_400_000), now, `no lead with these ids or this email arrived within ${WAITING_DAYS} days`);
}

/** What admins see: notices per state, and the latest that wait or were dropped. */
export function crmInboxOverview(limit = 10) {
  return inbox.inboxOverview(limit);
}

async function applyOne(notice: inbox.StoredNotice, deps: Deps): Promise<Lead[]> {
  const lead = await queries.findByCrmMatch(notice.match);
  if (!lead) {
    if (notice.status !== 'waiting') await inbox.setStatus(notice.id, 'waiting', deps.now, { why: `no lead is ${describeMatch(notice.match)} yet: applied when it arrives` });
    waitingCheck = { any: true, at: Date.now() };
    return [];
  }
  let current = lead;
  const changed: Lead[] = [];
  if (notice.link?.length) current = (await leads.linkCrmIds(lead.id, notice.link)) ?? lead;
  if (notice.step) {
    const outcome = await recordCrmEvent(
      { leadId: lead.id, step: notice.step, details: notice.details ?? {}, requestKey: `crm:${notice.id}`, amountMayBeUnknown: true },
      { now: deps.now, definition: deps.definition },
    );
    switch (outcome.kind) {
      case 'recorded':
        await inbox.setStatus(notice.id, 'applied', deps.now, { leadId: lead.id });
        current = outcome.lead;
        break;
      case 'pending':
        await inbox.setStatus(notice.id, 'pending_claim', deps.now, { leadId: lead.id, why: 'nobody has claimed the lead yet: recorded when a rep takes it on' });
        current = outcome.lead;
        break;
      case 'refused':
        await inbox.setStatus(notice.id, 'dropped', deps.now, { leadId: lead.id, why: outcome.reason });
        break;
      case 'invalid':
        await inbox.setStatus(notice.id, 'dropped', deps.now, { leadId: lead.id, why: `${outcome.field}: ${outcome.message} (check the CRM mapping)` });
        break;
      case 'invalid_findings':
        await inbox.setStatus(notice.id, 'dropped', deps.now, { leadId: lead.id, why: outcome.problems.map((p) => `${p.field}: ${p.message}`).join('; ') });
        break;
      case 'not_found':
      case 'not_owner':
        await inbox.setStatus(notice.id, 'waiting', deps.now, { why: 'the lead was not found' });
        return [];
    }
  } else {
    await inbox.setStatus(notice.id, 'applied', deps.now, { leadId: lead.id });
  }
  changed.push(current);
  // Records linked just now may have notices waiting for them (an opportunity heard of before the conversion).
  if (notice.link?.length) {
    const waiting = await inbox.findWaiting(notice.link, 200);
    if (waiting.length) changed.push(...(await applyCrmNotices(waiting.map((n) => n.id), deps)));
  }
  return changed;
}

function describeMatch(match: { ids: string[]; email?: string }): string {
  return [...match.ids, ...(match.email ? [match.email] : [])].join(' or ');
}
