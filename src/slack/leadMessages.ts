import type { WebClient } from '@slack/web-api';
import type { Lead } from '../leads/lead.js';
import { PermanentPostError } from '../errors.js';
import type { LeadPoster } from '../usecases/postLead.js';
import type { Logger } from '../logger.js';
import { leadMessage, minimalLeadMessage, LEAD_METADATA_EVENT } from './blocks/leadMessage.js';
import { createRateLimitGate } from './rateLimitGate.js';
import { createKeyedQueue } from '../util/keyedQueue.js';
import { classifySlackError, retryAfterSeconds } from './slackErrors.js';
import { findMessageByMetadata } from './messageLookup.js';
import { updateMessage } from './serializedCalls.js';

/** Slack's answers that refuse a message for its content (../shared/slack/LIMITS.md). */
const CONTENT_REFUSED = new Set(['invalid_blocks', 'invalid_attachments', 'msg_too_long', 'invalid_blocks_format']);

/** The longest Retry-After a post waits out in its channel's line; a longer one goes back to the job's backoff. */
const SHORT_WAIT_MS = 5_000;
/** 429s a post waits out in line before it goes back to the job (whose backoff counts no rate limit as a failure). */
const MAX_KNOCKS = 5;

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
  logger: Logger,
): LeadPoster & { refresh(lead: Lead): Promise<void> } {
  // Slack paces chat.postMessage per channel (about one a second, with short
  // bursts): each channel has its own gate (a 429 in one holds back only that
  // channel's posts) and its own line (one post in flight per channel, in
  // order), so queues' channels are posted to in parallel.
  const gates = new Map<string, ReturnType<typeof createRateLimitGate>>();
  const gateOf = (channelId: string) => {
    let gate = gates.get(channelId);
    if (!gate) gates.set(channelId, (gate = createRateLimitGate()));
    return gate;
  };
  const lines = createKeyedQueue();
  /**
   * Where a lead's message goes: marketing's leads to the leads channel for
   * claiming; a rep's own prospect to the rep, in the app's direct messages
   * (the DM's id is asked once per rep and kept).
   */
  const dms = new Map<string, string>();
  async function placeOf(lead: Lead): Promise<string> {
    if (lead.origin !== 'sales' || !lead.owner) return leadsChannel();
    const userId = lead.owner.userId;
    const known = dms.get(userId);
    if (known) return known;
    const opened = await postingClient.conversations.open({ users: userId });
    const channelId = opened.channel?.id;
    if (!channelId) throw new Error(`Slack opened no direct message with ${userId}`);
    dms.set(userId, channelId);
    return channelId;
  }
  /**
   * Sends the lead's full message; if Slack refuses its content, the minimal
   * one instead, logged: a lead is never lost to what is in it.
   */
  async function withFallback<T>(lead: Lead, send: (message: ReturnType<typeof leadMessage>) => Promise<T>): Promise<T> {
    try {
      return await send(leadMessage(lead));
    } catch (error) {
      const code = classifySlackError(error).code;
      if (!CONTENT_REFUSED.has(code)) throw error;
      logger.warn({ leadId: lead.id, slackError: code, event: 'lead_message_minimal' }, 'Slack refused the lead message; sent the minimal one instead');
      return send(minimalLeadMessage(lead));
    }
  }
  return {
    // Each post checks its own channel's gate, in its channel's line.
    checkReady: () => undefined,

    async post(lead, channel) {
      let channelId: string;
      try {
        channelId = channel ?? (await placeOf(lead));
      } catch (error) {
        throw asPostError(error);
      }
      const gate = gateOf(channelId);
      return lines.run(channelId, async () => {
        // A short Retry-After is waited out in line (the next post is this one's
        // turn anyway); a long one hands the post back to the job's backoff.
        for (let knock = 0; ; knock++) {
          await gate.waitIfShort(SHORT_WAIT_MS);
          try {
            const result = await withFallback(lead, (message) =>
              postingClient.chat.postMessage({
                channel: channelId,
                unfurl_links: false,
                metadata: { event_type: LEAD_METADATA_EVENT, event_payload: { lead_id: lead.id } },
                ...message,
              }),
            );
            gate.sent();
            return { channelId: result.channel ?? channelId, ts: result.ts! };
          } catch (error) {
            gate.record(error);
            if (retryAfterSeconds(error) !== undefined && knock < MAX_KNOCKS) continue;
            throw asPostError(error);
          }
        }
      });
    },

    async findPosted(lead, channel) {
      try {
        const channelId = channel ?? (await placeOf(lead));
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
      const { channelId, ts } = lead.post;
      await withFallback(lead, (message) => updateMessage(client, { channel: channelId, ts, ...message }));
    },
  };
}
