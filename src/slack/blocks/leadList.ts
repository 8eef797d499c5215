import { moveNames, stageName } from '../../leads/stageNames.js';
import type { Button, KnownBlock, ModalView } from '@slack/types';
import type { HistoryEntry, Lead } from '../../leads/lead.js';
import { shortDuration } from './duration.js';
import { leadMessage, leadTitle } from './leadMessage.js';
import { LIMITS, mrkdwn, mrkdwnSafe, oneLine, plain, slackDate, truncate } from './text.js';

export const ACTION_OPEN_LEAD = 'lead_open';
export const ACTION_LIST_PAGE = 'lead_list_page';

/** Where a list continues: what was asked, and the next page. */
export type ListCursor = { kind: string; source?: string; page: number };


/** One line per lead, with what matters at a glance and a button: Open, unless another is given. */
export function leadRow(lead: Lead, now: Date, button?: Button): KnownBlock {
  const owner = lead.owner ? ` · <@${lead.owner.userId}>` : '';
  const origin = [lead.source, lead.campaign].filter(Boolean).join(' / ');
  const line = `*${mrkdwnSafe(oneLine(leadTitle(lead)), 150)}* — ${stageName(lead)}${owner}${origin ? ` · ${mrkdwnSafe(oneLine(origin), 100)}` : ''} · in ${shortDuration(lead.receivedAt.getTime(), now.getTime())} ago`;
  return {
    type: 'section',
    text: mrkdwn(truncate(line, LIMITS.sectionText)),
    accessory: button ?? { type: 'button', action_id: ACTION_OPEN_LEAD, value: lead.id, text: plain('Open', LIMITS.buttonText) },
  };
}

export function leadListMessage(title: string, leads: Lead[], now: Date, next: ListCursor | null, empty: string): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(`*${mrkdwnSafe(title, 200)}*`) }];
  if (leads.length === 0) blocks.push({ type: 'section', text: mrkdwn(mrkdwnSafe(empty, 500)) });
  for (const lead of leads) blocks.push(leadRow(lead, now));
  if (next) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: ACTION_LIST_PAGE, value: JSON.stringify(next), text: plain('Next page', LIMITS.buttonText) }],
    });
  }
  return { text: `${mrkdwnSafe(oneLine(title), 200)}: ${leads.length} lead(s)`, blocks };
}

function historyLine(entry: HistoryEntry): string {
  const by = entry.by.kind === 'user' ? `<@${entry.by.userId}>` : entry.by.kind === 'api' ? 'the API' : 'Leadloop';
  const names = moveNames(entry);
  const move = names ? ` (${names.from} → ${names.to})` : '';
  const reason = entry.details?.reason ? ` — ${mrkdwnSafe(oneLine(entry.details.reason), 80)}` : '';
  return `• ${slackDate(new Date(entry.at), '{date_short} {time}')} ${entry.event.replace(/_/g, ' ')} by ${by}${move}${reason}`;
}

/** A lead in full, to read: its facts and status as on its message, and its history. */
export function leadDetailModal(lead: Lead): ModalView {
  const facts = leadMessage(lead).blocks.filter((b) => b.type !== 'actions');
  const lines = lead.history.slice(-25).map(historyLine);
  const earlier = lead.history.length > 25 ? `_${lead.history.length - 25} earlier entries not shown_\n` : '';
  const where = lead.post.status === 'posted' ? `Posted in <#${lead.post.channelId}>` : lead.post.status === 'failed' ? 'Could not be posted' : 'Not posted';
  return {
    type: 'modal',
    title: plain('Lead', 24),
    close: plain('Close', 24),
    blocks: [
      ...facts,
      { type: 'context', elements: [mrkdwn(where)] },
      { type: 'section', text: mrkdwn(truncate(`*History*\n${earlier}${lines.join('\n')}`, LIMITS.sectionText)) },
    ],
  };
}
