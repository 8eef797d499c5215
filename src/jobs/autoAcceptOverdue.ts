import { autoAcceptOverdue } from '../usecases/autoAccept.js';
import type { LeadloopJob } from './jobKit.js';

/** Claimed leads without a verdict past the verdict window count as accepted. */
export const autoAcceptOverdueJob: LeadloopJob = {
  name: 'auto-accept-overdue',
  every: (timing) => timing.autoAcceptEvery,
  async run(_job, ctx) {
    const { deps } = ctx;
    const { definition } = await deps.definition();
    for (const lead of await autoAcceptOverdue(deps.now(), definition)) {
      deps.logger.info({ leadId: lead.id, event: 'lead_auto_accepted' }, 'no verdict within the window: counted as accepted');
      await ctx.scheduleRefresh(lead.id);
    }
  },
};
