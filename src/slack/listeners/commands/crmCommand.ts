import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { rolesOf } from '../../../roles/roles.js';
import { crmInboxOverview, WAITING_DAYS, type NoticeStatus } from '../../../usecases/crmNotices.js';
import { mrkdwnSafe, oneLine, slackDate } from '../../blocks/text.js';
import type { Listeners } from '../deps.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const STATUS_WORDS: Record<NoticeStatus, string> = {
  received: 'being applied',
  applied: 'applied',
  pending_claim: 'kept until a rep claims the lead',
  waiting: 'waiting for the lead to arrive',
  dropped: 'dropped',
};

/**
 * `/leads crm` (admins): what HubSpot and Salesforce told Leadloop and what
 * became of it: how many notices were applied, are kept until a claim, wait
 * for their lead, or were dropped, and the latest that need a look, with why.
 */
export async function crmCommand(deps: Listeners, { command, ack }: CommandArgs): Promise<void> {
  if (!rolesOf(deps.roles, command.user_id).admin) {
    return ack({ response_type: 'ephemeral', text: 'Only Leadloop admins can see what the CRMs sent.' });
  }
  const { counts, attention } = await crmInboxOverview(10);
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  if (total === 0) {
    return ack({ response_type: 'ephemeral', text: 'No CRM has sent anything yet. Set up HubSpot or Salesforce as docs/integrations/ says.' });
  }
  const order: NoticeStatus[] = ['applied', 'pending_claim', 'waiting', 'dropped', 'received'];
  const lines = [
    `*What the CRMs sent* (HubSpot webhooks, Salesforce Outbound Messages): ${total} notices`,
    order.filter((s) => counts[s]).map((s) => `${STATUS_WORDS[s]}: ${counts[s]}`).join(' · '),
  ];
  if (attention.length) {
    lines.push('', `*Latest waiting or dropped* (a notice waits up to ${WAITING_DAYS} days for its lead):`);
    for (const n of attention) {
      lines.push(`• ${slackDate(n.updatedAt, '{date_short_pretty} {time}')} ${n.system === 'hubspot' ? 'HubSpot' : 'Salesforce'} \`${mrkdwnSafe(n.id, 80)}\`: ${mrkdwnSafe(oneLine(n.said), 120)} — ${STATUS_WORDS[n.status]}${n.why ? `: ${mrkdwnSafe(oneLine(n.why), 200)}` : ''}`);
    }
  }
  return ack({ response_type: 'ephemeral', text: lines.join('\n') });
}
