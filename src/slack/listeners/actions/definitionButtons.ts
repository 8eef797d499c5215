import { stringify } from 'yaml';
import { rolesOf } from '../../../roles/roles.js';
import { definitionInForce } from '../../../usecases/leadDefinition.js';
import { approveDefinitionChange } from '../../../usecases/leadDefinition.js';
import { proposeSuggestedChange } from '../../../usecases/definitionPerformance.js';
import { definitionModal, MAX_DEFINITION_TEXT } from '../../blocks/definitionModal.js';
import type { Listeners } from '../deps.js';
import { buttonContext, tellClicker, type ButtonArgs } from './buttonContext.js';

/** Approve vN: the clicker approves for their side (sales or marketing). */
export function approveDefinitionButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { userId } = buttonContext(args);
    const version = Number(args.action.value);
    const { side } = rolesOf(deps.roles, userId);
    if (!side) return tellClicker(args, 'Only people listed for sales or marketing (in /leads settings) can approve a change.');
    const result = await approveDefinitionChange(version, { userId, side }, deps.now());
    if (result.kind === 'refused') return tellClicker(args, result.reason);
    if (result.activated) {
      deps.logger.info({ definitionVersion: result.version.version, event: 'definition_activated' }, 'lead definition changed');
      return tellClicker(args, `Approved for ${side}. Lead definition v${result.version.version} is now in force.`);
    }
    return tellClicker(args, `Approved for ${side}. v${result.version.version} takes effect once ${side === 'sales' ? 'marketing' : 'sales'} approves too.`);
  };
}

/** Propose a change: admins only; opens the definition as YAML. */
export function proposeDefinitionButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { userId, channelId } = buttonContext(args);
    if (!rolesOf(deps.roles, userId).admin) return tellClicker(args, 'Only Leadloop admins can change the lead definition.');
    const active = await definitionInForce();
    if (!active) return tellClicker(args, 'There is no lead definition yet.');
    const yaml = stringify(active.definition);
    if (yaml.length > MAX_DEFINITION_TEXT) {
      return tellClicker(args, `The definition is ${yaml.length} characters as YAML, more than Slack’s ${MAX_DEFINITION_TEXT} for one field; shorten its reasons or labels.`);
    }
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: definitionModal(yaml, active.version, channelId) });
  };
}

/** Propose this change: an admin turns the figures' suggestion into a normal proposal, approved by sales and marketing like any other. */
export function proposeSuggestionButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { userId } = buttonContext(args);
    if (!rolesOf(deps.roles, userId).admin) return tellClicker(args, 'Only Leadloop admins can change the lead definition.');
    const result = await proposeSuggestedChange(Number(args.action.value), userId, deps.now(), await deps.definition());
    if (result.kind === 'refused') return tellClicker(args, `Nothing was proposed: ${result.reasons.join('; ')}.`);
    deps.logger.info({ definitionVersion: result.version.version, outcome: result.kind, event: 'definition_proposed', from: 'suggestion' }, 'suggested definition change proposed');
    return tellClicker(
      args,
      result.kind === 'activated'
        ? `Lead definition v${result.version.version} is now in force: ${result.version.changes.join('; ')}.`
        : `Proposed v${result.version.version}: ${result.version.changes.join('; ')}. It takes effect when one person from sales and one from marketing approve it (\`/leads definition\`).`,
    );
  };
}
