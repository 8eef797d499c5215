import { slackCallForLead, type LeadJob, type LeadloopJob } from './jobKit.js';

/** Tells marketing that sales rejected a lead, and why. */
export const reportRejectionJob: LeadloopJob<LeadJob> = {
  name: 'report-rejection',
  options: (ctx) => ({ concurrency: 1, backoff: ctx.upTo(50) }),
  run: slackCallForLead<LeadJob>((deps, lead) => deps.reportRejection(lead), 'rejection_report_failed'),
};
