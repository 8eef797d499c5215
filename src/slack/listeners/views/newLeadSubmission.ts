import { stageName } from '../../../leads/stageNames.js';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { may } from '../../../roles/roles.js';
import { submitLead } from '../../../usecases/submitLead.js';
import { leadFromModal } from '../../blocks/newLeadModal.js';
import { leadTitle } from '../../blocks/leadMessage.js';
import { mrkdwnSafe, oneLine } from '../../blocks/text.js';
import { notices } from '../../blocks/notices.js';
import type { Listeners } from '../deps.js';

/** Fields the modal has an input for; any other problem is shown on the first input. */
const FIRST_INPUT = 'contact.name';

/**
 * `/leads new`: the modal's lead goes through the same checks and intake as
 * the API. Problems stay in the modal on their fields; a stored lead closes
 * it and the person hears what became of the lead.
 */
export function newLeadSubmission(deps: Listeners) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    if (!may(deps.roles, userId, 'enter_leads')) {
      return ack({ response_action: 'errors', errors: { [FIRST_INPUT]: notices.onlyEnterLeads() } });
    }
    const inputs = new Set(Object.keys(view.state.values));
    // A rep's lead is their own prospect (sales-sourced); anyone else's is marketing's.
    const prospect = may(deps.roles, userId, 'own_prospects');
    const raw = { ...leadFromModal(view.state.values as never), ...(prospect ? { origin: 'sales', owner: userId } : {}) };
    const outcome = await submitLead(raw, { kind: 'user', userId }, deps);
    if (!outcome.ok) {
      const errors: Record<string, string> = {};
      for (const { field, message } of outcome.errors) {
        const block = inputs.has(field) ? field : field === 'contact' ? 'contact.email' : FIRST_INPUT;
        const words = `${message.charAt(0).toUpperCase()}${message.slice(1)}`;
        errors[block] = errors[block] ? `${errors[block]}; ${message}` : words;
      }
      return ack({ response_action: 'errors', errors });
    }
    await ack();
    const { result } = outcome;
    const lead = result.lead;
    deps.logger.info({ leadId: lead.id, stage: lead.stage, merged: result.merged, event: 'lead_received', via: 'modal' }, 'lead entered in Slack');
    deps.metrics.leadsReceived.inc({ result: result.merged ? 'merged' : 'created' });
    const who = mrkdwnSafe(oneLine(leadTitle(lead, 'The lead')), 200);
    const score = lead.judgement ? ` (score ${lead.judgement.score} of ${lead.judgement.threshold} needed)` : '';
    const owner = lead.owner ? (lead.owner.userId === userId ? 'you own it' : `<@${lead.owner.userId}> owns it`) : 'nobody owns it yet';
    const unmet = lead.judgement?.unmet.length ? `; below the definition: ${lead.judgement.unmet.join('; ')}` : '';
    const text = result.merged
      ? `${who} was already there; your details were merged in${result.filled.length ? ` (${result.filled.join(', ')})` : ''}. Stage: ${stageName(lead)}; ${owner}.`
      : lead.origin === 'sales'
        ? `Added ${who} as your own prospect${score}${unmet}. It is yours (not offered for claiming): its message with your next steps is in your direct messages with Leadloop and on your App Home.`
        : lead.stage === 'mql'
        ? `Added ${who}: it qualifies${score} and is being posted for sales to claim.`
        : `Added ${who} to nurture${score}: ${lead.judgement?.unmet.join('; ') || 'it does not meet the definition yet'}.`;
    const channel = (JSON.parse(view.private_metadata || '{}') as { channelId?: string }).channelId;
    await (channel ? client.chat.postEphemeral({ channel, user: userId, text }) : client.chat.postMessage({ channel: userId, text })).catch((error: unknown) => {
      deps.logger.warn({ leadId: lead.id, err: error, event: 'new_lead_receipt_failed' }, 'the lead is stored, but its receipt could not be shown');
    });
  };
}
