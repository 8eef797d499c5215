import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs, AllMiddlewareArgs } from '@slack/bolt';

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
