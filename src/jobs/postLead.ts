import { postLead } from '../usecases/postLead.js';
import { leadById } from '../usecases/readLead.js';
import type { LeadJob, LeadloopJob } from './jobKit.js';

/** Posts a stored lead for claiming; retried until Slack takes it, unless no retry can help. */
export const postLeadJob: LeadloopJob<LeadJob> = {
  name: 'post-lead',
  // One post at a time per instance: Slack takes about one message a second
  // per channel anyway, leads appear in the order they arrived, and a 429
  // stops the next post rather than racing one already in flight.
  options: (ctx) => ({ concurrency: 1, backoff: ctx.backoff, lockLifetime: ctx.deps.timing.postLockMs }),
  async run(job, ctx) {
    const { deps } = ctx;
    const { leadId } = job.attrs.data;
    try {
      const outcome = await postLead(leadId, { poster: deps.poster, now: deps.now, ...(deps.route ? { route: deps.route } : {}), ...(deps.channelGone ? { channelGone: deps.channelGone } : {}), ...(deps.tellAccountOwner ? { tellAccountOwner: deps.tellAccountOwner } : {}) });
      deps.logger.info({ leadId, outcome, event: 'lead_post' }, `lead post ${outcome}`);
      if (outcome === 'posted') deps.metrics.leadsPosted.inc();
      if (outcome === 'failed_permanently') {
        const lead = await leadById(leadId);
        const code = lead?.post.status === 'failed' ? lead.post.error : 'unknown';
        const fix = deps.failures.fixFor(code);
        deps.logger.error({ leadId, slackError: code, fix, event: 'lead_post_failed' }, `lead could not be posted and will not be retried: ${fix ?? code}`);
      }
    } catch (error) {
      await ctx.noteRateLimit(job, error);
      deps.logger.warn({ leadId, slackError: deps.failures.classify(error).code, event: 'lead_post_retry' }, 'lead post failed; will retry');
      throw error;
    }
  },
};
