import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs, AllMiddlewareArgs } from '@slack/bolt';
import type { Lead } from '../../../leads/lead.js';
import { rolesOf, type Roles } from '../../../roles/roles.js';
import { leadById } from '../../../usecases/readLead.js';
import { notices } from '../../blocks/notices.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The lead id the button carries and where to answer the clicker privately. */
export function buttonContext({ body, action }: ButtonArgs) {
  return {
    leadId: action.value ?? '',
    userId: body.user.id,
    channelId: body.channel?.id ?? body.container?.channel_id,
  };
}

/** Tells only the clicker: privately in the channel, or by direct message for a click on the Home tab or in a modal. */
export async function tellClicker(args: ButtonArgs, text: string): Promise<void> {
  const { userId, channelId } = buttonContext(args);
  if (!channelId) {
    await args.client.chat.postMessage({ channel: userId, text });
    return;
  }
  await args.client.chat.postEphemeral({ channel: channelId, user: userId, text });
}

/**
 * The lead a button is about, when the clicker may act on it (its owner, or
 * an admin on an owned lead); otherwise the clicker is told why and it is null.
 */
export async function leadForOwner(args: ButtonArgs, roles: Roles): Promise<Lead | null> {
  const { leadId, userId } = buttonContext(args);
  const lead = await leadById(leadId);
  if (!lead) {
    await tellClicker(args, notices.notFound());
    return null;
  }
  const mayAct = lead.owner?.userId === userId || (lead.owner !== null && rolesOf(roles, userId).admin);
  if (!mayAct) {
    await tellClicker(args, notices.onlyOwner(lead.owner?.userId ?? null));
    return null;
  }
  return lead;
}
