import type { WebClient } from '@slack/web-api';
import type { Lead } from '../leads/lead.js';
import { PermanentPostError, type LeadPoster } from '../usecases/postLead.js';
import { leadMessage } from './blocks/leadMessage.js';
import { classifySlackError } from './slackErrors.js';

/** Puts lead messages into the leads channel and keeps them in step with the lead. */
export function createLeadMessages(client: WebClient, channelId: string): LeadPoster & { refresh(lead: Lead): Promise<void> } {
  return {
    async post(lead) {
      try {
        const result = await client.chat.postMessage({ channel: channelId, unfurl_links: false, ...leadMessage(lead) });
        return { channelId: result.channel ?? channelId, ts: result.ts! };
      } catch (error) {
        const failure = classifySlackError(error);
        if (failure.permanent) throw new PermanentPostError(failure.code, failure.fix);
        throw error;
      }
    },

    /** Re-renders the posted message from the lead's current state. */
    async refresh(lead) {
      if (lead.post.status !== 'posted') return;
      await client.chat.update({ channel: lead.post.channelId, ts: lead.post.ts, ...leadMessage(lead) });
    },
  };
}
