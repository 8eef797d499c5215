import type { App } from '@slack/bolt';
import { ACTION_CLAIM, ACTION_RELEASE, stepActionId } from '../../blocks/leadMessage.js';
import { lostModal, rejectModal, wonModal } from '../../blocks/stepModals.js';
import type { Listeners } from '../deps.js';
import { claimButton } from './claimButton.js';
import { releaseButton } from './releaseButton.js';
import { stepButton } from './stepButton.js';
import { stepModalButton } from './stepModalButton.js';
import { qualifyButton } from './qualifyButton.js';
import { ACTION_QUALIFY } from '../../blocks/qualifyModal.js';
import { approveDefinitionButton, proposeDefinitionButton, proposeSuggestionButton } from './definitionButtons.js';
import { ACTION_DEFINITION_SUGGEST } from '../../blocks/definitionPerformanceView.js';
import { ACTION_DEFINITION_APPROVE, ACTION_DEFINITION_PROPOSE } from '../../blocks/definitionView.js';
import { ACTION_LIST_PAGE, ACTION_OPEN_LEAD } from '../../blocks/leadList.js';
import { listPageButton, openLeadButton } from './leadListButtons.js';
import { ACTION_ERASE, eraseButton } from '../commands/forgetCommand.js';
import { ACTION_ROUTING_EDIT } from '../../blocks/routingView.js';
import { editRoutingButton } from './routingButtons.js';

export function register(app: App, deps: Listeners): void {
  app.action(ACTION_CLAIM, claimButton(deps));
  app.action(ACTION_RELEASE, releaseButton(deps));
  for (const step of ['accept', 'contacted', 'opportunity'] as const) app.action(stepActionId(step), stepButton(step, deps));
  // The meeting is where sales finds out: Meeting booked asks for the findings, Qualify records them before.
  app.action(stepActionId('meeting'), qualifyButton(true, deps));
  app.action(ACTION_QUALIFY, qualifyButton(false, deps));
  app.action(stepActionId('reject'), stepModalButton('reject', rejectModal, deps));
  app.action(stepActionId('won'), stepModalButton('won', (lead, _definition, context) => wonModal(lead, context), deps));
  app.action(stepActionId('lost'), stepModalButton('lost', lostModal, deps));
  app.action(ACTION_DEFINITION_APPROVE, approveDefinitionButton(deps));
  app.action(ACTION_DEFINITION_PROPOSE, proposeDefinitionButton(deps));
  app.action(ACTION_DEFINITION_SUGGEST, proposeSuggestionButton(deps));
  app.action(ACTION_OPEN_LEAD, openLeadButton(deps));
  app.action(ACTION_LIST_PAGE, listPageButton(deps));
  app.action(ACTION_ERASE, eraseButton(deps));
  app.action(ACTION_ROUTING_EDIT, editRoutingButton(deps));
}
