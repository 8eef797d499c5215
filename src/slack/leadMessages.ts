import type { WebClient } from '@slack/web-api';
import type { Lead } from '../leads/lead.js';
import { PermanentPostError, type LeadPoster } from '../usecases/postLead.js';
import { leadMessage, LEAD_METADATA_EVENT } from './blocks/leadMessage.js';
import { createRateLimitGate } from './rateLimitGate.js';
import { classifySlackError } from './slackErrors.js';
import { findMessageByMetadata } from './messageLookup.js';

/** Puts lead messages into the leads channel and keeps them in step with the lead. */
function asPostError(error: unknown): unknown {
  const failure = classifySlackError(error);
  return failure.permanent ? new PermanentPostError(failure.code, failure.fix) : error;
}

/**
 * `postingClient` must not retry by itself (see app.ts); `client` may, since
 * updating a message to the same content twice is harmless.
 */
export function createLeadMessages(
  client: WebClient,
  postingClient: WebClient,
  /** The leads channel as set now. */
  leadsChannel: () => string,
): LeadPoster & { refresh(lead: Lead): Promise<void> } {
  const gate = createRateLimitGate();
  return {
    checkReady: () => gate.check(),

    async post(lead) {
      gate.check();
      const channelId = leadsChannel();
      try {
        const result = await postingClient.chat.postMessage({
          channel: channelId,
          unfurl_links: false,
          metadata: { event_type: LEAD_METADATA_EVENT, event_payload: { lead_id: lead.id } },
          ...leadMessage(lead),
        });
        return { channelId: result.channel ?? channelId, ts: result.ts! };
      } catch (error) {
        gate.record(error);
        throw asPostError(error);
      }
    },

    async findPosted(lead) {
      const channelId = leadsChannel();
      try {
        // Only messages since the lead arrived can be its post.
        const ts = await findMessageByMetadata(postingClient, channelId, lead.receivedAt, LEAD_METADATA_EVENT, (p) => p.lead_id === lead.id);
        return ts ? { channelId, ts } : null;
      } catch (error) {
        throw asPostError(error);
      }
    },

    /** Re-renders the posted message from the lead's current state. */
    async refresh(lead) {
      if (lead.post.status !== 'posted') return;
      await client.chat.update({ channel: lead.post.channelId, ts: lead.post.ts, ...leadMessage(lead) });
    },
  };
}
