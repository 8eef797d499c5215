import { postLead } from '../usecases/postLead.js';
import { leadById } from '../usecases/readLead.js';
import type { LeadJob, LeadloopJob } from './jobKit.js';

/** Posts an instance runs at once: enough for a handful of queue channels, few enough to keep the order within one. */
const POSTS_IN_PARALLEL = 8;
/**
 * Post jobs an instance locks per poll (agenda takes new ones once a poll,
 * every second): this caps an instance's posts per second, so it must exceed
 * what the channels together take (about one a second each, with bursts).
 */
const POSTS_LOCKED_PER_POLL = 16;

/** Posts a stored lead for claiming; retried until Slack takes it, unless no retry can help. */
export const postLeadJob: LeadloopJob<LeadJob> = {
  name: 'post-lead',
  // Several posts at a time per instance, so queues' channels are posted to in
  // parallel; the Slack adapter keeps one post in flight per channel (in
  // order) and holds back a channel that got a 429 without holding back the others.
  options: (ctx) => ({ concurrency: POSTS_IN_PARALLEL, lockLimit: POSTS_LOCKED_PER_POLL, backoff: ctx.backoff, lockLifetime: ctx.deps.timing.postLockMs }),
  async run(job, ctx) {
    const { deps } = ctx;
    const { leadId } = job.attrs.data;
    try {
      const outcome = await postLead(leadId, { poster: deps.poster, now: deps.now, changedWhilePosting: deps.present, ...(deps.route ? { route: deps.route } : {}), ...(deps.channelGone ? { channelGone: deps.channelGone } : {}), ...(deps.tellAccountOwner ? { tellAccountOwner: deps.tellAccountOwner } : {}) });
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
