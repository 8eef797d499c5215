import { PermanentPostError } from '../errors.js';
import type { Lead } from '../leads/lead.js';
import * as queries from '../storage/leadQueries.js';
import * as posts from '../storage/postRepository.js';

/** Posts a lead message somewhere people can claim it; the Slack adapter implements it. */
export type LeadPoster = {
  /** Throws (a retryable error) while Slack has asked us to wait, before any work is done. */
  checkReady(): void;
  post(lead: Lead): Promise<PostedMessage>;
  /** The lead's message, if an earlier attempt did land (e.g. Slack posted it, then the answer timed out). */
  findPosted(lead: Lead): Promise<PostedMessage | null>;
};

export type PostedMessage = { channelId: string; ts: string };


export type PostOutcome = 'posted' | 'already_posted' | 'not_postable' | 'failed_permanently';

/**
 * Posts a pending lead once. Anything but a permanent error propagates so the
 * job runner retries with backoff. A lead is never posted twice: a posted lead
 * is skipped, and a retry after an attempt whose answer was lost first looks
 * for the message that attempt may have left.
 */
export async function postLead(leadId: string, deps: { poster: LeadPoster; now: () => Date }): Promise<PostOutcome> {
  deps.poster.checkReady();
  const lead = await posts.startPostAttempt(leadId);
  if (!lead) {
    const current = await queries.findLead(leadId);
    return current?.post.status === 'posted' ? 'already_posted' : 'not_postable';
  }
  try {
    const earlier = lead.post.status === 'pending' && lead.post.attempts ? await deps.poster.findPosted(lead) : null;
    if (earlier) {
      await posts.markPosted(lead.id, earlier.channelId, earlier.ts, deps.now());
      return 'already_posted';
    }
    const { channelId, ts } = await deps.poster.post(lead);
    await posts.markPosted(lead.id, channelId, ts, deps.now());
    return 'posted';
  } catch (error) {
    if (error instanceof PermanentPostError) {
      await posts.markPostFailed(lead.id, error.code, deps.now());
      return 'failed_permanently';
    }
    throw error;
  }
}

/**
 * Leads stored before `before` whose post is still pending: after a crash
 * between storing a lead and scheduling its post, the sweep finds them.
 */
export function leadsWaitingToBePosted(before: Date, limit: number): Promise<string[]> {
  return queries.findPendingPostIds(before, limit);
}
