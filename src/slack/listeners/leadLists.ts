import { may } from '../../roles/roles.js';
import { findLeads, LIST_KINDS, listLeads, STALE_AFTER_DAYS, type ListKind } from '../../usecases/leadLists.js';
import { leadListMessage, type ListCursor } from '../blocks/leadList.js';
import { notices } from '../blocks/notices.js';
import type { Listeners } from './deps.js';

/** What /leads list and /leads find show; used by the commands and the page button. */

const PAGE_SIZE = 10;
const LIST_USAGE = `Usage: \`/leads list [${LIST_KINDS.join(' | ')}] [source:<s>]\` (unclaimed if left out).`;
const FIND_USAGE = 'Usage: `/leads find <email | company | name>`';

const TITLES: Record<ListKind, string> = {
  unclaimed: 'Waiting to be claimed',
  mine: 'Your open leads',
  stale: `Open leads with nothing recorded for ${STALE_AFTER_DAYS} days`,
  nurture: 'Latest leads in nurture',
  rejected: 'Latest leads rejected as not a lead',
};
const EMPTY: Record<ListKind, string> = {
  unclaimed: 'Nothing is waiting: every posted lead has an owner.',
  mine: 'You have no open leads.',
  stale: 'No open lead has gone quiet.',
  nurture: 'No leads in nurture.',
  rejected: 'No rejected leads.',
};

export type ListAnswer = { ok: true; text: string; blocks: ReturnType<typeof leadListMessage>['blocks'] } | { ok: false; text: string };

/** Reads `[kind] [source:x]`. */
export function parseListArguments(text: string): { ok: true; cursor: ListCursor } | { ok: false; message: string } {
  let source: string | undefined;
  const rest = text.replace(/\bsource:(?:"([^"]*)"|(\S*))/i, (_all, quoted?: string, bare?: string) => {
    source = (quoted ?? bare ?? '').trim();
    return ' ';
  });
  if (source === '') return { ok: false, message: `Give the source a value. ${LIST_USAGE}` };
  const kind = rest.trim().toLowerCase() || 'unclaimed';
  if (!(LIST_KINDS as string[]).includes(kind)) return { ok: false, message: `I can list ${LIST_KINDS.join(', ')}. ${LIST_USAGE}` };
  return { ok: true, cursor: { kind, ...(source !== undefined ? { source } : {}), page: 0 } };
}

export async function leadListPage(deps: Listeners, userId: string, cursor: ListCursor): Promise<ListAnswer> {
  if (!may(deps.roles, userId, 'read_contacts')) return { ok: false, text: notices.needRoleForLeads() };
  const kind = cursor.kind as ListKind;
  const now = deps.now();
  const { leads, more } = await listLeads(kind, { userId, ...(cursor.source !== undefined ? { source: cursor.source } : {}), now, page: cursor.page, pageSize: PAGE_SIZE });
  const title = `${TITLES[kind]}${cursor.source !== undefined ? ` · source ${cursor.source}` : ''}${cursor.page > 0 ? ` · page ${cursor.page + 1}` : ''}`;
  const message = leadListMessage(title, leads, now, more ? { ...cursor, page: cursor.page + 1 } : null, EMPTY[kind]);
  return { ok: true, ...message };
}

export async function foundLeads(deps: Listeners, userId: string, text: string): Promise<ListAnswer> {
  if (!may(deps.roles, userId, 'read_contacts')) return { ok: false, text: notices.needRoleForLeads() };
  const wanted = text.trim();
  if (wanted.length < 2) return { ok: false, text: FIND_USAGE };
  const leads = await findLeads(wanted, PAGE_SIZE);
  const message = leadListMessage(`Leads matching “${wanted}”`, leads, deps.now(), null, `No lead matches “${wanted}”. ${FIND_USAGE}`);
  return { ok: true, ...message };
}
