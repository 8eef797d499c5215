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
import type { ButtonArgs } from './buttonContext.js';
import { oneListener } from '../oneListener.js';

export function register(app: App, deps: Listeners): void {
  const buttons: Record<string, (args: ButtonArgs) => Promise<void>> = {
    [ACTION_CLAIM]: claimButton(deps),
    [ACTION_RELEASE]: releaseButton(deps),
    // The meeting is where sales finds out: Meeting booked asks for the findings, Qualify records them before.
    [stepActionId('meeting')]: qualifyButton(true, deps),
    [ACTION_QUALIFY]: qualifyButton(false, deps),
    [stepActionId('reject')]: stepModalButton('reject', rejectModal, deps),
    [stepActionId('won')]: stepModalButton('won', (lead, _definition, context) => wonModal(lead, context), deps),
    [stepActionId('lost')]: stepModalButton('lost', lostModal, deps),
    [ACTION_DEFINITION_APPROVE]: approveDefinitionButton(deps),
    [ACTION_DEFINITION_PROPOSE]: proposeDefinitionButton(deps),
    [ACTION_DEFINITION_SUGGEST]: proposeSuggestionButton(deps),
    [ACTION_OPEN_LEAD]: openLeadButton(deps),
    [ACTION_LIST_PAGE]: listPageButton(deps),
    [ACTION_ERASE]: eraseButton(deps),
    [ACTION_ROUTING_EDIT]: editRoutingButton(deps),
  };
  for (const step of ['accept', 'contacted', 'opportunity'] as const) buttons[stepActionId(step)] = stepButton(step, deps);
  const { pattern, listener } = oneListener(buttons, (args) => args.action.action_id);
  app.action(pattern, listener);
}
