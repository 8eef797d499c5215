import { checkServiceLevels } from '../usecases/serviceLevels.js';
import type { LeadloopJob } from './jobKit.js';

/** Records the service-level notices that are due (reminders, escalations) and schedules each to be sent. */
export const serviceLevelsJob: LeadloopJob = {
  name: 'service-levels',
  every: (timing) => timing.serviceLevelsEvery,
  async run(_job, ctx) {
    const { deps } = ctx;
    const active = await deps.definition();
    const notices = await checkServiceLevels({ now: deps.now(), definition: active.definition, active, timeZone: deps.timeZone(), roster: deps.roster(), ...(deps.rosterFor ? { rosterFor: deps.rosterFor } : {}), ...(deps.timeZonesOf ? { timeZonesOf: deps.timeZonesOf } : {}) });
    for (const notice of notices) {
      const assignee = notice.kind === 'escalated' ? notice.assignee : undefined;
      deps.logger.info({ leadId: notice.lead.id, assignee, event: `lead_${notice.kind}` }, `service level: ${notice.kind.replace(/_/g, ' ')}`);
      await ctx.scheduleNotice({ leadId: notice.lead.id, kind: notice.kind, ...(assignee !== undefined ? { assignee } : {}) });
      if (assignee) await ctx.scheduleRefresh(notice.lead.id);
    }
  },
};
