import type { HomeView, KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';

/*
 * Block Kit handed to the Web API client already as JSON text.
 *
 * The client sends every argument form-encoded, objects as JSON text, so the
 * request is the same either way. But before sending, @slack/web-api (8.2,
 * `WebClient.makeRequest`) builds a debug line from a copy of all the
 * arguments (`redact`), entry by entry and nested object by nested object,
 * even when debug logging is off. For a Home tab or a lead message, that copy
 * made more garbage than everything else the call does, and the garbage
 * collections it caused held up the next acknowledgements (see bench/README.md,
 * issue 18). A string argument is not copied.
 */

/** views.publish of a Home tab. */
export async function publishHomeView(client: WebClient, userId: string, view: HomeView): Promise<void> {
  await client.apiCall('views.publish', { user_id: userId, view: JSON.stringify(view) });
}

/** chat.update of a message to new text and blocks. */
export async function updateMessage(client: WebClient, message: { channel: string; ts: string; text: string; blocks: KnownBlock[] }): Promise<void> {
  await client.apiCall('chat.update', { ...message, blocks: JSON.stringify(message.blocks) });
}
