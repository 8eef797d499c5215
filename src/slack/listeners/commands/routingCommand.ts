import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { may, rolesOf } from '../../../roles/roles.js';
import { leadById } from '../../../usecases/readLead.js';
import { findLeads } from '../../../usecases/leadLists.js';
import { queueNamed, routingHistory } from '../../../usecases/routing.js';
import { routingWhy } from '../../blocks/routingWhy.js';
import { mrkdwnSafe, oneLine } from '../../blocks/text.js';
import { routingView } from '../../blocks/routingView.js';
import type { Listeners } from '../deps.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/leads routing`: the queues in force and their history; admins edit them from here. `/leads routing why <lead>`: where a lead went and why. */
export async function routingCommand(deps: Listeners, { command, ack }: CommandArgs, text: string): Promise<void> {
  if (!may(deps.roles, command.user_id, 'read')) return ack({ response_type: 'ephemeral', text: 'You have no Leadloop role yet; ask a Leadloop admin to add you to sales or marketing.' });
  const [sub = '', ...rest] = text.trim().split(/\s+/);
  if (sub.toLowerCase() === 'why') {
    if (!may(deps.roles, command.user_id, 'read_contacts')) return ack({ response_type: 'ephemeral', text: 'You have no Leadloop role that may see leads.' });
    const wanted = rest.join(' ').trim();
    if (!wanted) return ack({ response_type: 'ephemeral', text: 'Usage: `/leads routing why <lead id | email | name>`' });
    const lead = (await leadById(wanted)) ?? (await findLeads(wanted, 1))[0];
    if (!lead) return ack({ response_type: 'ephemeral', text: `No lead matches ${mrkdwnSafe(oneLine(wanted), 100)}.` });
    const queue = lead.queue ? queueNamed(await deps.routing.current(), lead.queue.fallbackFrom ?? lead.queue.name) : undefined;
    return ack({ response_type: 'ephemeral', text: routingWhy(lead, queue, deps.teamSettings.inForce().leadsChannelId) });
  }
  if (sub) return ack({ response_type: 'ephemeral', text: 'Usage: `/leads routing` (the queues) or `/leads routing why <lead id | email | name>`' });
  const current = await deps.routing.current();
  const view = routingView(current, await routingHistory(5), { leadsChannelId: deps.teamSettings.inForce().leadsChannelId, isAdmin: rolesOf(deps.roles, command.user_id).admin });
  return ack({ response_type: 'ephemeral', text: view.text, blocks: view.blocks });
}
