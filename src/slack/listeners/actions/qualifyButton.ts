import { planStep } from '../../../leads/lifecycle.js';
import { OPEN_STAGES } from '../../../leads/lead.js';
import { qualifyModal } from '../../blocks/qualifyModal.js';
import type { Listeners } from '../deps.js';
import { buttonContext, leadForOwner, tellClicker, type ButtonArgs } from './buttonContext.js';

/**
 * *Meeting booked* and *Qualify*: both open the qualification form (the
 * definition's questions, pre-filled with the lead's own answers), for the
 * owner or an admin, when the lead is one sales is working on.
 */
export function qualifyButton(meeting: boolean, deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { leadId, channelId } = buttonContext(args);
    const lead = await leadForOwner(args, deps.roles);
    if (!lead) return;
    if (meeting) {
      const plan = planStep(lead, 'meeting');
      if (!plan.ok) return tellClicker(args, plan.reason);
    } else if (!OPEN_STAGES.includes(lead.stage) || lead.verdict === null || lead.verdict.kind === 'rejected') {
      return tellClicker(args, 'Accept the lead first; then you can record what you found out.');
    }
    const active = await deps.definition();
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: qualifyModal(lead, active, { leadId, version: active.version, meeting, ...(channelId ? { channelId } : {}) }),
    });
  };
}
