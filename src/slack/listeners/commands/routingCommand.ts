import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { may, rolesOf } from '../../../roles/roles.js';
import { routingHistory } from '../../../usecases/routing.js';
import { routingView } from '../../blocks/routingView.js';
import type { Listeners } from '../deps.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/leads routing`: the queues in force and their history; admins edit them from here. */
export async function routingCommand(deps: Listeners, { command, ack }: CommandArgs): Promise<void> {
  if (!may(deps.roles, command.user_id, 'read')) return ack({ response_type: 'ephemeral', text: 'You have no Leadloop role yet; ask a Leadloop admin to add you to sales or marketing.' });
  const current = await deps.routing.current();
  const view = routingView(current, await routingHistory(5), { leadsChannelId: deps.teamSettings.inForce().leadsChannelId, isAdmin: rolesOf(deps.roles, command.user_id).admin });
  return ack({ response_type: 'ephemeral', text: view.text, blocks: view.blocks });
}
