import { ErrorCode, type WebAPICallError } from '@slack/web-api';

/**
 * Platform errors that no retry can fix, with what an admin must do. Anything
 * else (HTTP 5xx, timeouts, rate limits the client gave up on, Slack's own
 * internal errors) is worth retrying.
 */
const PERMANENT_FIXES: Record<string, string> = {
  channel_not_found: 'LEADS_CHANNEL_ID names no channel this app can see: check the ID, and invite the app to a private channel.',
  not_in_channel: 'The app is not a member of the leads channel: run /invite @Leadloop in that channel.',
  is_archived: 'The leads channel is archived: unarchive it or set LEADS_CHANNEL_ID to another channel.',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid for this workspace: copy the Bot User OAuth Token again.',
  not_authed: 'No bot token was sent: set SLACK_BOT_TOKEN.',
  token_revoked: 'The bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN.',
  token_expired: 'The bot token expired: reinstall the app and update SLACK_BOT_TOKEN.',
  account_inactive: 'The app was uninstalled or its bot deactivated: reinstall the app.',
  missing_scope: 'The app lacks a permission: reinstall it from slack-manifest.yml so it gets chat:write.',
  restricted_action: 'A workspace policy stops the app posting in that channel: ask a Slack admin.',
  invalid_blocks: 'Slack refused the message layout: this is a Leadloop bug, please report it with the log line.',
  msg_too_long: 'Slack refused the message length: this is a Leadloop bug, please report it with the log line.',
  invalid_arguments: 'Slack refused the request arguments: this is a Leadloop bug, please report it with the log line.',
  message_not_found: 'The lead’s message was deleted from the channel, so it can no longer be updated.',
  cant_update_message: 'Slack does not let the app edit that message (it was not posted by this app).',
};

export type SlackFailure = { permanent: true; code: string; fix: string } | { permanent: false; code: string };

export function classifySlackError(error: unknown): SlackFailure {
  const e = error as Partial<WebAPICallError> | undefined;
  if (e?.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    const fix = PERMANENT_FIXES[code];
    return fix ? { permanent: true, code, fix } : { permanent: false, code };
  }
  if (e?.code === ErrorCode.RateLimitedError) return { permanent: false, code: 'ratelimited' };
  if (e?.code === ErrorCode.HTTPError) return { permanent: false, code: `http_${e.statusCode}` };
  if (e?.code === ErrorCode.RequestError) return { permanent: false, code: 'request_failed' };
  return { permanent: false, code: 'unexpected' };
}

/** What an admin must do about a permanent error code, if we know it. */
export function fixFor(code: string): string | undefined {
  return PERMANENT_FIXES[code];
}

/** Seconds Slack asked us to wait, when it did. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const e = error as Partial<WebAPICallError> | undefined;
  return e?.code === ErrorCode.RateLimitedError ? e.retryAfter : undefined;
}
