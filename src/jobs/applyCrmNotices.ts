import { applyCrmNotices, expireWaitingCrmNotices, retryRecentlyWaiting, unappliedCrmNotices } from '../usecases/crmNotices.js';
import type { JobContext, LeadloopJob } from './jobKit.js';

export type CrmNoticesJob = { noticeIds: string[] };

/**
 * Applies the notices of one CRM delivery (HubSpot, Salesforce), stored
 * before the CRM was answered; retried with backoff if the database fails
 * on the way (applying twice records each step once).
 */
export const applyCrmNoticesJob: LeadloopJob<CrmNoticesJob> = {
  name: 'apply-crm-notices',
  options: (ctx) => ({ concurrency: 1, backoff: ctx.upTo(20) }),
  async run(job, ctx) {
    await apply(job.attrs.data.noticeIds, ctx);
  },
};

/** Finds notices whose delivery was stored but never applied (an instance stopped in between), applies them, tries recently waiting ones again, and drops notices that waited too long. */
export const sweepCrmInboxJob: LeadloopJob = {
  name: 'sweep-crm-inbox',
  every: (timing) => timing.sweepEvery,
  async run(_job, ctx) {
    const { deps } = ctx;
    const ids = await unappliedCrmNotices(new Date(deps.now().getTime() - deps.timing.sweepGraceMs), 500);
    if (ids.length) {
      deps.logger.warn({ notices: ids.length, event: 'crm_notices_recovered' }, 'found CRM notices stored but never applied');
      await apply(ids, ctx);
    }
    // A lead that arrived on another instance just as its notice started waiting.
    for (const lead of await retryRecentlyWaiting({ now: deps.now(), definition: await deps.definition() })) await ctx.scheduleRefresh(lead.id);
    const expired = await expireWaitingCrmNotices(deps.now());
    if (expired) deps.logger.info({ notices: expired, event: 'crm_notices_expired' }, 'CRM notices about people who never became leads were dropped');
  },
};

async function apply(ids: string[], ctx: JobContext): Promise<void> {
  const { deps } = ctx;
  const changed = await applyCrmNotices(ids, { now: deps.now(), definition: await deps.definition() });
  for (const lead of changed) {
    deps.logger.info({ leadId: lead.id, stage: lead.stage, event: 'crm_notice_applied' }, 'a CRM notice changed a lead');
    // Shown through the refresh job: it retries while Slack cannot take the update.
    await ctx.scheduleRefresh(lead.id);
  }
}
