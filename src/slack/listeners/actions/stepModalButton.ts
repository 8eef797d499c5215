import type { ModalView } from '@slack/types';
import type { LeadDefinition } from '../../../definition/definition.js';
import type { Lead } from '../../../leads/lead.js';
import { planStep, type Step } from '../../../leads/lifecycle.js';
import type { ModalContext } from '../../blocks/stepModals.js';
import type { Listeners } from '../deps.js';
import { buttonContext, leadForOwner, tellClicker, type ButtonArgs } from './buttonContext.js';

/**
 * Not a lead, Won, Lost: these need a reason or an amount, so the click opens
 * a modal, but only for the owner and only when the step makes sense now.
 */
export function stepModalButton(
  step: Extract<Step, 'reject' | 'won' | 'lost'>,
  build: (lead: Lead, definition: LeadDefinition, context: ModalContext) => ModalView,
  deps: Listeners,
) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { leadId, channelId } = buttonContext(args);
    const lead = await leadForOwner(args, deps.roles);
    if (!lead) return;
    const plan = planStep(lead, step);
    if (!plan.ok) return tellClicker(args, plan.reason);
    const { definition } = await deps.definition();
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: build(lead, definition, { leadId, ...(channelId ? { channelId } : {}) }) });
  };
}
