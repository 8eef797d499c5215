import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { DigestPoster } from '../usecases/weeklyDigest.js';
import { statsDetail, statsSummary, type ReasonLabels } from './blocks/statsView.js';
import { performanceBlocks } from './blocks/definitionPerformanceView.js';
import { digestChartSvg, renderPng } from './charts/digestChart.js';
import { findMessageByMetadata } from './messageLookup.js';

const DIGEST_METADATA_EVENT = 'leadloop_digest_posted';

/**
 * Posts the weekly digest to the digest channel: the headline figures, and
 * the breakdown by reason, source and campaign in its thread. Uses the
 * non-retrying client: a retry is the job's, after looking for the message.
 */
export function createDigestPoster(postingClient: WebClient, digestChannel: () => string | undefined, reasons: () => Promise<ReasonLabels>, logger: Logger): DigestPoster {
  const channel = () => {
    const id = digestChannel();
    if (!id) throw new Error('no digest channel is set');
    return id;
  };
  return {
    async post(week, current, previous, trend, monthly) {
      const channelId = channel();
      const summary = statsSummary(current, previous, 'Weekly leads digest');
      const posted = await postingClient.chat.postMessage({
        channel: channelId,
        unfurl_links: false,
        metadata: { event_type: DIGEST_METADATA_EVENT, event_payload: { week } },
        ...summary,
      });
      const where = { channelId: posted.channel ?? channelId, ts: posted.ts! };
      if (current.figures.leadsIn > 0) {
        // The headline is out: a failed detail is logged, never worth a second headline.
        await postingClient.chat
          .postMessage({ channel: where.channelId, thread_ts: where.ts, unfurl_links: false, ...statsDetail(current, await reasons()) })
          .catch((error: unknown) => logger.error({ week, err: error, event: 'digest_detail_failed' }, 'the digest was posted, but its detail thread was not'));
        // The picture goes in the thread too; without it the digest still says everything.
        try {
          const title = `Leads · ${current.period.label}`;
          await postingClient.filesUploadV2({
            channel_id: where.channelId,
            thread_ts: where.ts,
            file: renderPng(digestChartSvg(title, current.figures, trend)),
            filename: `leadloop-${week}.png`,
            title,
            alt_text: `Waterfall of the week's ${current.figures.funnel.mql} MQLs to ${current.figures.funnel.won} won, and leads in per week for the last ${trend.length} weeks`,
          });
        } catch (error) {
          logger.error({ week, err: error, event: 'digest_chart_failed' }, 'the digest was posted, but its chart was not (needs the files:write scope)');
        }
      }
      // Monthly, even after a week without leads: how the definition performs over the last 90 days.
      if (monthly) {
        await postingClient.chat
          .postMessage({
            channel: where.channelId,
            thread_ts: where.ts,
            unfurl_links: false,
            text: `How lead definition v${monthly.version} performs (monthly)`,
            blocks: performanceBlocks(monthly.performance, { version: monthly.version, admin: false }),
          })
          .catch((error: unknown) => logger.error({ week, err: error, event: 'digest_performance_failed' }, 'the digest was posted, but its monthly definition section was not'));
      }
      return where;
    },

    async findPosted(week, since) {
      const channelId = channel();
      const ts = await findMessageByMetadata(postingClient, channelId, since, DIGEST_METADATA_EVENT, (p) => p.week === week);
      return ts ? { channelId, ts } : null;
    },
  };
}
