import { PermanentPostError } from '../errors.js';
import type { Lead } from '../leads/lead.js';
import * as queries from '../storage/leadQueries.js';
import * as posts from '../storage/postRepository.js';
import { DEFAULT_QUEUE } from '../routing/routing.js';
import { accountSearchKeys, summarizeAccount } from '../routing/accounts.js';
import { assignToAccountOwner } from '../leads/transitions.js';
import * as leads from '../storage/leadRepository.js';

/** Posts a lead message somewhere people can claim it; the Slack adapter implements it. */
export type LeadPoster = {
  /** Throws (a retryable error) while Slack has asked us to wait, before any work is done. */
  checkReady(): void;
  /** Posts to `channelId` (a queue's), or where the lead belongs by default (the leads channel; a rep's DM for a prospect). */
  post(lead: Lead, channelId?: string): Promise<PostedMessage>;
  /** The lead's message, if an earlier attempt did land (e.g. Slack posted it, then the answer timed out). */
  findPosted(lead: Lead, channelId?: string): Promise<PostedMessage | null>;
};

/** Where routing sends a lead now: a queue's name and channel, or the default queue (no channel: the leads channel). */
export type Route = { queue: string; channel?: string; version: number };

/** Slack's answers that say a channel cannot take posts at all: the lead goes to the default queue instead. */
const CHANNEL_GONE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived']);

export type PostedMessage = { channelId: string; ts: string };


export type PostOutcome = 'posted' | 'already_posted' | 'not_postable' | 'failed_permanently';

/**
 * Posts a pending lead once. Anything but a permanent error propagates so the
 * job runner retries with backoff. A lead is never posted twice: a posted lead
 * is skipped, and a retry after an attempt whose answer was lost first looks
 * for the message that attempt may have left.
 */
export async function postLead(
  leadId: string,
  deps: {
    poster: LeadPoster;
    now: () => Date;
    /** The queue a lead goes to under the routing in force (marketing's leads only). */
    route?: (lead: Lead) => Promise<Route>;
    /** The queue's channel of a lead that fell back to the default queue, for admins to fix. */
    channelGone?: (lead: Lead, queue: string, channel: string, code: string) => Promise<void>;
    /** A lead was routed straight to the rep who owns its company: tell them. */
    tellAccountOwner?: (lead: Lead) => Promise<void>;
    /**
     * The lead changed while it was being posted (a rep saw the post and
     * claimed it before Slack's answer came back): show it as it is now.
     */
    changedWhilePosting?: (lead: Lead) => Promise<void>;
  },
): Promise<PostOutcome> {
  deps.poster.checkReady();
  const lead = await posts.startPostAttempt(leadId);
  if (!lead) {
    const current = await queries.findLead(leadId);
    return current?.post.status === 'posted' ? 'already_posted' : 'not_postable';
  }
  try {
    // Decided once, kept on the lead: a retry posts (and looks for an earlier post) in the same channel.
    const route = lead.origin === 'sales' || !deps.route ? null : await routeOf(lead, deps.route);
    const earlier = lead.post.status === 'pending' && lead.post.attempts ? await deps.poster.findPosted(lead, route?.channel) : null;
    if (earlier) {
      // What the earlier attempt showed is not known: show the lead as it is.
      const current = await posts.markPosted(lead.id, earlier.channelId, earlier.ts, deps.now());
      if (current) await deps.changedWhilePosting?.(current);
      return 'already_posted';
    }
    const { lead: shown, assigned } = await withAccount(lead, deps.now());
    let posted: PostedMessage;
    try {
      posted = await deps.poster.post(shown, route?.channel);
    } catch (error) {
      if (!(error instanceof PermanentPostError) || !route?.channel || !CHANNEL_GONE.has(error.code)) throw error;
      // The queue's channel is gone or Leadloop is not in it: the lead goes to the default queue, never lost.
      await posts.setQueue(lead.id, { name: DEFAULT_QUEUE, version: route.version, fallbackFrom: route.queue });
      await deps.channelGone?.(lead, route.queue, route.channel, error.code).catch(() => undefined);
      posted = await deps.poster.post({ ...shown, queue: { name: DEFAULT_QUEUE, version: route.version, fallbackFrom: route.queue } });
    }
    const current = await posts.markPosted(lead.id, posted.channelId, posted.ts, deps.now());
    // Until the post is recorded, a change has no message to update: the post shows what it was given, so bring it up to date.
    if (current && changedSince(shown, current)) await deps.changedWhilePosting?.(current);
    if (assigned) await deps.tellAccountOwner?.({ ...shown, post: { status: 'posted', channelId: posted.channelId, ts: posted.ts, postedAt: deps.now() } }).catch(() => undefined);
    return 'posted';
  } catch (error) {
    if (error instanceof PermanentPostError) {
      await posts.markPostFailed(lead.id, error.code, deps.now());
      return 'failed_permanently';
    }
    throw error;
  }
}

/** Whether the lead changed in anything but its post, queue and account (what posting itself sets) since it was `shown`. */
function changedSince(shown: Lead, now: Lead): boolean {
  const { post: _post, queue: _queue, account: _account, ...before } = shown;
  const { post: _p, queue: _q, account: _a, ...after } = now;
  return JSON.stringify(before) !== JSON.stringify(after);
}

/**
 * What Leadloop knows of the lead's company (earlier leads, outcomes, open
 * opportunities, won revenue), kept on the lead for its message; and when a
 * rep owns the account (an open or won lead there), the lead goes straight
 * to them. Marketing's leads only; once per lead.
 */
async function withAccount(lead: Lead, now: Date): Promise<{ lead: Lead; assigned: boolean }> {
  if (lead.origin === 'sales' || lead.account || !lead.accountKeys?.length) return { lead, assigned: false };
  const summary = summarizeAccount(await queries.findAccountGroups(accountSearchKeys(lead.accountKeys), lead.id, 500));
  if (!summary) return { lead, assigned: false };
  await posts.setAccount(lead.id, summary);
  if (summary.owner && lead.owner === null && lead.stage === 'mql') {
    const taken = await leads.applyTransition(lead.id, assignToAccountOwner(summary.owner.userId, now));
    if (taken) return { lead: { ...taken, account: summary }, assigned: true };
  }
  return { lead: { ...lead, account: summary }, assigned: false };
}

/** The lead's queue: the one kept from an earlier attempt, or routing's answer now (then kept). */
async function routeOf(lead: Lead, route: (lead: Lead) => Promise<Route>): Promise<Route | null> {
  if (lead.queue) {
    if (lead.queue.name === DEFAULT_QUEUE) return null;
    const now = await route(lead);
    // Still the queue it was given (its channel as routing says now); a queue since removed falls back to the default.
    return now.queue === lead.queue.name ? now : null;
  }
  const chosen = await route(lead);
  await posts.setQueue(lead.id, { name: chosen.queue, version: chosen.version });
  return chosen.channel ? chosen : null;
}

/**
 * Leads stored before `before` whose post is still pending: after a crash
 * between storing a lead and scheduling its post, the sweep finds them.
 */
export function leadsWaitingToBePosted(before: Date, limit: number): Promise<string[]> {
  return queries.findPendingPostIds(before, limit);
}
