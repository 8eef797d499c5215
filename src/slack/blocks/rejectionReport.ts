import type { KnownBlock } from '@slack/types';
import type { Lead } from '../../leads/lead.js';
import { LIMITS, mrkdwn, mrkdwnSafe, oneLine, truncate } from './text.js';
import { leadTitle } from './leadMessage.js';

/** Sales tells marketing a lead was not a lead, and why: the loop closing on a bad lead. */
export function rejectionReport(lead: Lead): { text: string; blocks: KnownBlock[] } {
  const verdict = lead.verdict?.kind === 'rejected' ? lead.verdict : null;
  const who = mrkdwnSafe(oneLine(leadTitle(lead, 'A lead')), 200);
  const reason = mrkdwnSafe(verdict?.reasonLabel ?? verdict?.reason ?? 'no reason given', 75);
  const origin = [lead.source, lead.campaign].filter(Boolean).map((v) => mrkdwnSafe(oneLine(v!), 100)).join(' / ') || 'unknown source';
  const lines = [
    `:no_entry_sign: *Not a lead:* ${who}`,
    `*Reason:* ${reason}${verdict?.note ? ` — “${mrkdwnSafe(oneLine(verdict.note), 500)}”` : ''}`,
    `*From:* ${origin} · rejected by <@${verdict?.by ?? 'unknown'}>${lead.judgement ? ` · score ${lead.judgement.score} (definition v${lead.judgement.definitionVersion})` : ''}`,
  ];
  return {
    text: truncate(`Not a lead: ${who} — ${reason}`, LIMITS.fallbackText),
    blocks: [{ type: 'section', text: mrkdwn(truncate(lines.join('\n'), LIMITS.sectionText)) }],
  };
}
