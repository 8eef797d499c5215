import { applyCrmNoticesJob, sweepCrmInboxJob } from './applyCrmNotices.js';
import { autoAcceptOverdueJob } from './autoAcceptOverdue.js';
import type { LeadloopJob } from './jobKit.js';
import { postLeadJob } from './postLead.js';
import { refreshLeadMessageJob } from './refreshLeadMessage.js';
import { reportRejectionJob } from './reportRejection.js';
import { serviceLevelNoticeJob } from './serviceLevelNotice.js';
import { serviceLevelsJob } from './serviceLevels.js';
import { sweepPendingPostsJob } from './sweepPendingPosts.js';
import { weeklyDigestJob } from './weeklyDigest.js';

/** Every kind of job Leadloop runs, registered with agenda in jobs.ts. */
export const ALL_JOBS: Array<LeadloopJob<never>> = [
  postLeadJob,
  refreshLeadMessageJob,
  sweepPendingPostsJob,
  reportRejectionJob,
  autoAcceptOverdueJob,
  serviceLevelsJob,
  serviceLevelNoticeJob,
  weeklyDigestJob,
  applyCrmNoticesJob,
  sweepCrmInboxJob,
] as Array<LeadloopJob<never>>;
