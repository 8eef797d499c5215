import type { App } from '@slack/bolt';
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

export function register(app: App, deps: Listeners): void {
  app.view(MODAL_REJECT, stepModalSubmission('reject', deps));
  app.view(MODAL_WON, stepModalSubmission('won', deps));
  app.view(MODAL_LOST, stepModalSubmission('lost', deps));
  app.view(MODAL_QUALIFY, qualifySubmission(deps));
  app.view(MODAL_DEFINITION, definitionSubmission(deps));
  app.view(MODAL_NEW_LEAD, newLeadSubmission(deps));
  app.view(MODAL_IMPORT, importSubmission(deps));
  app.view(MODAL_SETTINGS, settingsSubmission(deps));
  app.view(MODAL_ROUTING, routingSubmission(deps));
}
