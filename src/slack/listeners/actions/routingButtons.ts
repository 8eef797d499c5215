import { rolesOf } from '../../../roles/roles.js';
import { MAX_ROUTING_TEXT, routingModal, routingYaml } from '../../blocks/routingView.js';
import type { Listeners } from '../deps.js';
import { buttonContext, tellClicker, type ButtonArgs } from './buttonContext.js';

/** Edit routing: admins only; opens the routing in force as YAML. */
export function editRoutingButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { userId } = buttonContext(args);
    if (!rolesOf(deps.roles, userId).admin) return tellClicker(args, 'Only Leadloop admins can change the routing.');
    deps.routing.forget();
    const current = await deps.routing.current();
    const yaml = routingYaml(current);
    if (yaml.length > MAX_ROUTING_TEXT) return tellClicker(args, `The routing is ${yaml.length} characters as YAML, more than Slack’s ${MAX_ROUTING_TEXT} for one field; change config/routing.yml through a new deployment instead.`);
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: routingModal(yaml, current.version) });
  };
}
