import { slackCallForLead, type LeadloopJob, type NoticeJob } from './jobKit.js';

/** Sends one service-level notice (already recorded in the lead's history). */
export const serviceLevelNoticeJob: LeadloopJob<NoticeJob> = {
  name: 'service-level-notice',
  options: (ctx) => ({ concurrency: 2, backoff: ctx.upTo(20) }),
  run: slackCallForLead<NoticeJob>((deps, lead, notice) => deps.sendNotice(notice, lead), 'service_notice_failed'),
};
