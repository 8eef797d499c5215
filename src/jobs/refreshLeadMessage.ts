import { slackCallForLead, type LeadJob, type LeadloopJob } from './jobKit.js';

/**
 * Brings a lead's message up to date when doing it right away failed. Its own
 * job each time: coalescing with unique() lost a refresh asked for while the
 * previous one ran; every refresh renders the lead's current state, so extras
 * are harmless.
 */
export const refreshLeadMessageJob: LeadloopJob<LeadJob> = {
  name: 'refresh-lead-message',
  options: (ctx) => ({ concurrency: 2, backoff: ctx.upTo(20) }),
  run: slackCallForLead<LeadJob>((deps, lead) => deps.refresh(lead), 'message_refresh_failed'),
};
