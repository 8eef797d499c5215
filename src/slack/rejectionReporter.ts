import type { WebClient } from '@slack/web-api';
import type { Lead } from '../leads/lead.js';
import type { Logger } from '../logger.js';
import { rememberReportMessage } from '../usecases/rejectionReports.js';
import { rejectionReport } from './blocks/rejectionReport.js';

/** Tells marketing, in the digest channel, that sales rejected a lead and why; throws what Slack answered (the job retries). */
export function createRejectionReporter(deps: { client: WebClient; digestChannel: () => string | undefined; logger: Logger }) {
  return async (lead: Lead): Promise<void> => {
    const channel = deps.digestChannel();
    if (!channel) {
      deps.logger.info({ leadId: lead.id, event: 'rejection_not_reported' }, 'no digest channel is set: rejection not reported to marketing');
      return;
    }
    const posted = await deps.client.chat.postMessage({ channel, unfurl_links: false, ...rejectionReport(lead) });
    // Kept so that erasing the person later updates this message too.
    if (posted.ts) await rememberReportMessage(lead.id, posted.channel ?? channel, posted.ts);
  };
}
