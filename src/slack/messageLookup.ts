import type { WebClient } from '@slack/web-api';

/**
 * The ts of a message Leadloop posted with message metadata of this type
 * whose payload matches, posted in the channel since `since`, if any. This
 * is how a retry after a lost answer tells "it landed" from "it did not",
 * so nothing is posted twice. A page of messages is plenty: the message
 * can only be recent.
 */
export async function findMessageByMetadata(
  client: WebClient,
  channel: string,
  since: Date,
  eventType: string,
  matches: (payload: Record<string, unknown>) => boolean,
): Promise<string | null> {
  const history = await client.conversations.history({
    channel,
    oldest: String(Math.floor(since.getTime() / 1000) - 1),
    include_all_metadata: true,
    limit: 200,
  });
  const match = history.messages?.find((m) => m.metadata?.event_type === eventType && matches((m.metadata.event_payload ?? {}) as Record<string, unknown>));
  return match?.ts ?? null;
}
