import { leadsWaitingToBePosted } from '../usecases/postLead.js';
import type { LeadloopJob } from './jobKit.js';

/** Finds stored leads whose post was never scheduled (a crash between storing and scheduling) and schedules them. */
export const sweepPendingPostsJob: LeadloopJob = {
  name: 'sweep-pending-posts',
  every: (timing) => timing.sweepEvery,
  async run(_job, ctx) {
    const { deps } = ctx;
    const before = new Date(deps.now().getTime() - deps.timing.sweepGraceMs);
    const waiting = await leadsWaitingToBePosted(before, 500);
    // One query for the lot: with a backlog (Slack down, or a big import) this was 500 round trips a minute.
    const scheduled = await ctx.leadsWithJob('post-lead', waiting);
    for (const leadId of waiting) {
      if (!scheduled.has(leadId)) {
        deps.logger.warn({ leadId, event: 'lead_post_rescheduled' }, 'found a stored lead whose post was never scheduled');
        await ctx.schedulePost(leadId);
      }
    }
  },
};
