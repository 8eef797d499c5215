import type { LeadloopJob } from './jobKit.js';

/** Sends last week's digest once (the run record in MongoDB keeps it to one a week); scheduled by jobs.ts from the settings. */
export const weeklyDigestJob: LeadloopJob<{ thisWeek?: boolean }> = {
  name: 'weekly-digest',
  options: (ctx) => ({ concurrency: 1, backoff: ctx.upTo(30) }),
  async run(job, ctx) {
    const { deps } = ctx;
    if (deps.digest.cron() === null) return;
    const outcome = await deps.digest.send({ thisWeek: job.attrs.data?.thisWeek === true }).catch(async (error: unknown) => {
      await ctx.noteRateLimit(job, error);
      throw error;
    });
    deps.logger.info({ outcome, event: 'digest_run' }, `weekly digest: ${outcome.replace(/_/g, ' ')}`);
  },
};
