import { may } from '../../../roles/roles.js';
import { leadById } from '../../../usecases/readLead.js';
import { leadDetailModal, type ListCursor } from '../../blocks/leadList.js';
import { notices } from '../../blocks/notices.js';
import type { Listeners } from '../deps.js';
import { leadListPage } from '../leadLists.js';
import { buttonContext, tellClicker, type ButtonArgs } from './buttonContext.js';

/** Open: the lead in full, with its history, in a modal. */
export function openLeadButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { leadId, userId } = buttonContext(args);
    if (!may(deps.roles, userId, 'read_contacts')) return tellClicker(args, notices.needRoleForLeads());
    const lead = await leadById(leadId);
    if (!lead) return tellClicker(args, notices.notFound());
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: leadDetailModal(lead) });
  };
}

/** Next page: replaces the list the button was on. */
export function listPageButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const cursor = JSON.parse(args.action.value ?? '{}') as ListCursor;
    const answer = await leadListPage(deps, args.body.user.id, cursor);
    await args.respond(answer.ok ? { response_type: 'ephemeral', replace_original: true, text: answer.text, blocks: answer.blocks } : { response_type: 'ephemeral', text: answer.text });
  };
}
