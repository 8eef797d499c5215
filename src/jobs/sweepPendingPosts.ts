import { leadsWaitingToBePosted } from '../usecases/postLead.js';
import type { LeadloopJob } from './jobKit.js';

/** Finds stored leads whose post was never scheduled (a crash between storing and scheduling) and schedules them. */
export const sweepPendingPostsJob: LeadloopJob = {
  name: 'sweep-pending-posts',
  every: (timing) => timing.sweepEvery,
  async run(_job, ctx) {
    const { deps } = ctx;
    const before = new Date(deps.now().getTime() - deps.timing.sweepGraceMs);
    for (const leadId of await leadsWaitingToBePosted(before, 500)) {
      if (!(await ctx.hasJobFor('post-lead', leadId))) {
        deps.logger.warn({ leadId, event: 'lead_post_rescheduled' }, 'found a stored lead whose post was never scheduled');
        await ctx.schedulePost(leadId);
      }
    }
  },
};
