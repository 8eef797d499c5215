import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { Lead } from '../../leads/lead.js';
import { shortDuration } from './duration.js';
import { LIMITS, mrkdwn, mrkdwnSafe, oneLine, plain, slackDate, truncate } from './text.js';

export const ACTION_CLAIM = 'lead_claim';
export const ACTION_RELEASE = 'lead_release';
/** Message metadata that marks a message as a lead's post (lets a retry find it). */
export const LEAD_METADATA_EVENT = 'leadloop_lead_posted';

export type LeadMessage = { text: string; blocks: KnownBlock[] };

/**
 * The leads-channel message for a lead, rendered from its current state.
 * The message is always re-rendered from the database, never patched, so it
 * cannot drift from what is stored.
 */
export function leadMessage(lead: Lead): LeadMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`New lead: ${who(lead)}`, LIMITS.headerText) },
    { type: 'section', fields: facts(lead) },
  ];
  const answers = qualificationLines(lead);
  if (answers) blocks.push({ type: 'section', text: mrkdwn(answers) });
  if (lead.note) {
    blocks.push({ type: 'section', text: mrkdwn(`*Note*\n${mrkdwnSafe(lead.note, LIMITS.sectionText - 10)}`) });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn(`Received ${slackDate(lead.receivedAt)} · Stage: *${lead.stage.toUpperCase()}* · Lead \`${lead.id}\``)],
  });
  blocks.push(...claimSection(lead));
  return { text: fallbackText(lead), blocks };
}

function who(lead: Lead): string {
  const name = lead.contact.name ?? lead.contact.email ?? 'Unnamed contact';
  return lead.company.name ? `${name} · ${lead.company.name}` : name;
}

function facts(lead: Lead) {
  const field = (label: string, lines: Array<string | undefined>) => {
    const body = lines.filter((l): l is string => Boolean(l)).map((l) => mrkdwnSafe(oneLine(l), 400)).join('\n');
    return mrkdwn(truncate(`*${label}*\n${body || '—'}`, LIMITS.sectionField));
  };
  const { contact, company } = lead;
  return [
    field('Contact', [contact.name, contact.title]),
    field('Reach', [contact.email, contact.phone]),
    field('Company', [company.name, company.domain]),
    field('Size · industry · country', [[company.size, company.industry, company.country].filter(Boolean).join(' · ')]),
    field('Source · campaign', [[lead.source, lead.campaign].filter(Boolean).join(' · ')]),
  ];
}

/** The answers with the labels of the definition version the lead was judged by, and its score. */
function qualificationLines(lead: Lead): string | null {
  const scored = lead.judgement?.breakdown.filter((line) => !line.criterion.startsWith('company.'));
  const rows = scored
    ? scored.map((line) => `*${mrkdwnSafe(line.label, 80)}:* ${mrkdwnSafe(oneLine(line.answerLabel), 200)}`)
    : Object.entries(lead.qualification).map(([key, value]) => `*${mrkdwnSafe(key, 80)}:* ${mrkdwnSafe(oneLine(value), 200)}`);
  if (lead.judgement) rows.push(`*Score:* ${lead.judgement.score} (threshold ${lead.judgement.threshold}, definition v${lead.judgement.definitionVersion})`);
  return rows.length > 0 ? truncate(rows.join('\n'), LIMITS.sectionText) : null;
}

function claimSection(lead: Lead): KnownBlock[] {
  if (lead.owner) {
    const postedAt = lead.post.status === 'posted' ? lead.post.postedAt : lead.receivedAt;
    const after = shortDuration(postedAt.getTime(), lead.owner.claimedAt.getTime());
    return [
      { type: 'section', text: mrkdwn(`:white_check_mark: Claimed by <@${lead.owner.userId}> · ${after} after posting`) },
      actions(lead, { text: 'Release', action_id: ACTION_RELEASE }),
    ];
  }
  return [actions(lead, { text: 'Claim', action_id: ACTION_CLAIM, style: 'primary' })];
}

function actions(lead: Lead, button: { text: string; action_id: string; style?: 'primary' | 'danger' }): ActionsBlock {
  return {
    type: 'actions',
    block_id: `lead_actions`,
    elements: [
      {
        type: 'button',
        action_id: button.action_id,
        text: plain(button.text, LIMITS.buttonText),
        value: lead.id,
        ...(button.style ? { style: button.style } : {}),
      },
    ],
  };
}

/** Notification and screen-reader text: who, where from, and whether it is still free. */
function fallbackText(lead: Lead): string {
  const title = lead.contact.title ? ` (${lead.contact.title})` : '';
  const origin = [lead.source, lead.campaign].filter(Boolean).join(' / ');
  const status = lead.owner ? `claimed by <@${lead.owner.userId}>` : 'waiting to be claimed';
  const text = `New lead: ${escapeForFallback(who(lead) + title)}${origin ? ` — ${escapeForFallback(origin)}` : ''} — ${status}`;
  return truncate(oneLine(text), LIMITS.fallbackText);
}

function escapeForFallback(value: string): string {
  return mrkdwnSafe(oneLine(value), 500);
}
