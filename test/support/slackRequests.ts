import { createHmac } from 'node:crypto';
import { slackFixture } from './fixtures.js';

/** Signs a raw body the way Slack does (v0:timestamp:body, HMAC-SHA256). */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export type SignedRequest = { body: string; headers: Record<string, string> };

/** An interactivity request as Slack sends it: form-encoded `payload=<json>`, signed. */
export function signedInteraction(secret: string, payload: unknown, options: { timestamp?: number; signature?: string } = {}): SignedRequest {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
  };
}

/**
 * A button click on a channel message, built from the real block_actions
 * payload in fixtures with the parts that matter overridden.
 */
export function buttonClick(overrides: { userId: string; actionId: string; value: string; channelId: string; messageTs: string; responseUrl?: string }) {
  const base = slackFixture<Record<string, any>>('block_actions_button_message.json');
  const action = { ...base.actions[0], action_id: overrides.actionId, block_id: 'lead_actions', value: overrides.value, action_ts: `${Date.now() / 1000}` };
  return {
    ...base,
    user: { ...base.user, id: overrides.userId, username: overrides.userId.toLowerCase(), name: overrides.userId.toLowerCase() },
    container: { ...base.container, channel_id: overrides.channelId, message_ts: overrides.messageTs },
    channel: { ...base.channel, id: overrides.channelId },
    message: { ...base.message, ts: overrides.messageTs },
    actions: [action],
    ...(overrides.responseUrl ? { response_url: overrides.responseUrl } : {}),
  };
}

/** A button click on the Home tab, from the real app-home payload: no channel, a view container. */
export function homeButtonClick(overrides: { userId: string; actionId: string; value: string }) {
  const base = slackFixture<Record<string, any>>('block_actions_button_app_home.json');
  const action = { ...base.actions[0], action_id: overrides.actionId, value: overrides.value, action_ts: `${Date.now() / 1000}` };
  return { ...base, user: { ...base.user, id: overrides.userId }, actions: [action] };
}

/**
 * A modal submission as Slack sends it, built from the real view_submission
 * payload in fixtures: the view the app opened, with the person's answers.
 */
export function modalSubmission(overrides: { userId: string; view: { callback_id: string; private_metadata?: string }; values: Record<string, Record<string, unknown>> }) {
  const base = slackFixture<Record<string, any>>('view_submission.json');
  return {
    ...base,
    user: { ...base.user, id: overrides.userId },
    view: {
      ...base.view,
      callback_id: overrides.view.callback_id,
      private_metadata: overrides.view.private_metadata ?? '',
      state: { values: overrides.values },
    },
  };
}

/** Every input of a modal as Slack sends it on submit: the answered ones, and the rest empty. */
export function allInputs(view: { blocks: any[] }, answers: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks.filter((b) => b.type === 'input')) {
    values[block.block_id] =
      answers[block.block_id] ??
      (block.element.type === 'static_select' ? { value: { type: 'static_select', selected_option: null } } : { value: { type: block.element.type, value: null } });
  }
  return values;
}

/** The state.values shapes Slack sends for the inputs Leadloop uses. */
export const answer = {
  select: (value: string) => ({ value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } }),
  text: (value: string) => ({ value: { type: 'plain_text_input', value } }),
  number: (value: string) => ({ value: { type: 'number_input', value } }),
};

/** A slash command as Slack sends it: form-encoded fields, signed. Built from the /leads fixture. */
export function signedCommand(secret: string, overrides: { userId: string; text: string; channelId?: string; responseUrl?: string; timestamp?: number }): SignedRequest {
  const base = slackFixture<Record<string, string>>('slash_command_leads_adapted.json');
  const fields = {
    ...base,
    user_id: overrides.userId,
    text: overrides.text,
    ...(overrides.channelId ? { channel_id: overrides.channelId } : {}),
    ...(overrides.responseUrl ? { response_url: overrides.responseUrl } : {}),
  };
  const body = new URLSearchParams(fields).toString();
  const timestamp = overrides.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(secret, timestamp, body),
    },
  };
}

/** Slack's app_home_opened event (Events API, JSON) for this user, signed; from the real payload in fixtures. */
export function signedHomeOpened(secret: string, userId: string): SignedRequest {
  const base = slackFixture<Record<string, any>>('event_callback_app_home_opened.json');
  const body = JSON.stringify({ ...base, event_id: `Ev${Date.now().toString(36)}${userId}`, event: { ...base.event, user: userId, tab: 'home' } });
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, timestamp, body) } };
}
