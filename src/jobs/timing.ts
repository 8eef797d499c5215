export type JobTiming = {
  /** How often each instance looks for due jobs. */
  processEvery: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often stored-but-unscheduled posts are looked for. */
  sweepEvery: string;
  /** A pending post younger than this is still in its normal path. */
  sweepGraceMs: number;
  /** How often claimed leads are checked against the verdict window. */
  autoAcceptEvery: string;
  /**
   * How long a post job stays locked to one instance. A post takes at most
   * the Slack timeout (10 s) twice, so 30 s is safe; after an instance dies,
   * another takes its posts over this soon.
   */
  postLockMs: number;
  /** How often leads are checked against the service levels (an interval such as "1 minute", or ms). */
  serviceLevelsEvery: string | number;
};

export const DEFAULT_TIMING: JobTiming = {
  processEvery: 1000,
  retryBaseMs: 2000,
  retryMaxMs: 5 * 60_000,
  sweepEvery: '1 minute',
  sweepGraceMs: 60_000,
  autoAcceptEvery: '5 minutes',
  postLockMs: 30_000,
  serviceLevelsEvery: '1 minute',
};
