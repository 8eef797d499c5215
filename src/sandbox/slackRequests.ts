import { createHmac } from 'node:crypto';

/**
 * What Slack sends to an app, as Slack sends it (the shapes of
 * test/fixtures/slack, from Slack's documentation): slash commands
 * form-encoded, interactions as a form field `payload` with JSON, events as
 * JSON; each signed with the signing secret (v0, HMAC-SHA256 of
 * `v0:<timestamp>:<body>`). The sandbox posts them to the app's own
 * /slack/events, where Bolt's real receiver verifies them.
 */

const TEAM = { id: 'T0SANDBOX', domain: 'leadloop-sandbox' };
const APP_ID = 'A0LEADLOOP';

export type SlackUser = { id: string; name: string };

export function signed(secret: string, body: string, contentType: string): { headers: Record<string, string>; body: string } {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body };
}

export function slashCommand(user: SlackUser, text: string, channel: { id: string; name: string }, responseUrl: string, triggerId: string): string {
  return new URLSearchParams({
    token: 'sandbox-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: '/leads',
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}

/** A click on a button or a choice in a select, in a message, on the Home tab or in a modal. */
export function blockActions(input: {
  user: SlackUser;
  action: Record<string, unknown>;
  triggerId: string;
  responseUrl?: string;
  where: { kind: 'message'; channel: { id: string; name: string }; message: { ts: string; text: string; blocks: unknown[] }; ephemeral?: boolean } | { kind: 'home'; view: Record<string, unknown> } | { kind: 'modal'; view: Record<string, unknown> };
}): string {
  const where = input.where;
  const base = {
    type: 'block_actions',
    user: { id: input.user.id, username: input.user.name, name: input.user.name, team_id: TEAM.id },
    api_app_id: APP_ID,
    token: 'sandbox-verification-token',
    trigger_id: input.triggerId,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    actions: [{ ...input.action, action_ts: `${Date.now() / 1000}` }],
  };
  const payload =
    where.kind === 'message'
      ? {
          ...base,
          container: { type: 'message', message_ts: where.message.ts, channel_id: where.channel.id, is_ephemeral: Boolean(where.ephemeral) },
          channel: where.channel,
          message: { type: 'message', bot_id: 'B0LEADLOOP', user: 'U0LEADLOOP', team: TEAM.id, ...where.message },
          response_url: input.responseUrl,
          state: { values: {} },
        }
      : { ...base, container: { type: 'view', view_id: where.view.id }, view: where.view, state: { values: {} } };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function viewSubmission(user: SlackUser, view: Record<string, unknown>, values: Record<string, Record<string, unknown>>, triggerId: string): string {
  const payload = {
    type: 'view_submission',
    team: TEAM,
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM.id },
    api_app_id: APP_ID,
    token: 'sandbox-verification-token',
    trigger_id: triggerId,
    view: { ...view, team_id: TEAM.id, state: { values }, hash: `${Date.now()}.sandbox`, app_id: APP_ID, bot_id: 'B0LEADLOOP' },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function appHomeOpened(user: string, dm: string): string {
  const now = Date.now() / 1000;
  return JSON.stringify({
    token: 'sandbox-verification-token',
    team_id: TEAM.id,
    api_app_id: APP_ID,
    event: { type: 'app_home_opened', user, channel: dm, tab: 'home', event_ts: String(now) },
    type: 'event_callback',
    event_id: `Ev${Math.floor(now * 1000).toString(36).toUpperCase()}`,
    event_time: Math.floor(now),
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: 'U0LEADLOOP', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}
