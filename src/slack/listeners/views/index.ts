import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { oneListener } from '../oneListener.js';
import { MODAL_LOST, MODAL_REJECT, MODAL_WON } from '../../blocks/stepModals.js';
import type { Listeners } from '../deps.js';
import { stepModalSubmission } from './stepModalSubmission.js';
import { MODAL_QUALIFY } from '../../blocks/qualifyModal.js';
import { qualifySubmission } from './qualifySubmission.js';
import { definitionSubmission } from './definitionSubmission.js';
import { MODAL_DEFINITION } from '../../blocks/definitionModal.js';
import { MODAL_NEW_LEAD } from '../../blocks/newLeadModal.js';
import { newLeadSubmission } from './newLeadSubmission.js';
import { MODAL_IMPORT } from '../../blocks/importModal.js';
import { importSubmission } from './importSubmission.js';
import { MODAL_SETTINGS } from '../../blocks/settingsModal.js';
import { settingsSubmission } from './settingsSubmission.js';
import { MODAL_ROUTING } from '../../blocks/routingView.js';
import { routingSubmission } from './routingSubmission.js';

type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function register(app: App, deps: Listeners): void {
  const submissions: Record<string, (args: SubmissionArgs) => Promise<void>> = {
    [MODAL_REJECT]: stepModalSubmission('reject', deps),
    [MODAL_WON]: stepModalSubmission('won', deps),
    [MODAL_LOST]: stepModalSubmission('lost', deps),
    [MODAL_QUALIFY]: qualifySubmission(deps),
    [MODAL_DEFINITION]: definitionSubmission(deps),
    [MODAL_NEW_LEAD]: newLeadSubmission(deps),
    [MODAL_IMPORT]: importSubmission(deps),
    [MODAL_SETTINGS]: settingsSubmission(deps),
    [MODAL_ROUTING]: routingSubmission(deps),
  };
  const { pattern, listener } = oneListener(submissions, (args) => args.view.callback_id);
  app.view(pattern, listener);
}
