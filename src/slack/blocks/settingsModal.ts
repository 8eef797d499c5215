import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import type { TeamSettings } from '../../settings/teamSettings.js';
import { mrkdwn, plain } from './text.js';

export const MODAL_SETTINGS = 'leadloop_settings_modal';
export const ROLE_NAMES = ['admins', 'sales', 'marketing'] as const;
const LABELS = { admins: 'Admins', sales: 'Sales reps', marketing: 'Marketers' };

/** The channels, schedule and time zone in force (the settings' or the environment's). */
export type InForce = { leadsChannelId: string; digestChannelId: string | undefined; digestSchedule: string; timeZone: string };

export function settingsModal(settings: TeamSettings, inForce: InForce): ModalView {
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn('Who may do what in Leadloop. Give a role to people, to Slack user groups (their members follow the group), or both.') },
  ];
  for (const role of ROLE_NAMES) {
    const users: InputBlock = {
      type: 'input',
      block_id: `${role}_users`,
      optional: true,
      label: plain(LABELS[role], 2000),
      element: { type: 'multi_users_select', action_id: 'value', ...(settings.roles[role].users.length ? { initial_users: settings.roles[role].users } : {}) },
    };
    const groups: InputBlock = {
      type: 'input',
      block_id: `${role}_groups`,
      optional: true,
      label: plain(`${LABELS[role]}: user groups`, 2000),
      hint: plain('User group IDs (S…), separated by commas', 2000),
      element: { type: 'plain_text_input', action_id: 'value', ...(settings.roles[role].groups.length ? { initial_value: settings.roles[role].groups.join(', ') } : {}) },
    };
    blocks.push(users, groups);
  }
  blocks.push({
    type: 'input',
    block_id: 'escalate_to',
    optional: true,
    label: plain('Told about escalated leads', 2000),
    hint: plain('A sales manager’s user ID (U…) or a user group ID (S…)', 2000),
    element: { type: 'plain_text_input', action_id: 'value', ...(settings.escalateTo ? { initial_value: settings.escalateTo } : {}) },
  });
  const channelFilter = { include: ['public' as const, 'private' as const], exclude_bot_users: true, exclude_external_shared_channels: true };
  blocks.push(
    { type: 'header', text: plain('Channels and schedule', 150) },
    {
      type: 'input',
      block_id: 'leads_channel',
      label: plain('Leads channel (new leads are posted here)', 2000),
      element: { type: 'conversations_select', action_id: 'value', filter: channelFilter, initial_conversation: inForce.leadsChannelId },
    },
    {
      type: 'input',
      block_id: 'digest_channel',
      optional: true,
      label: plain('Digest channel (weekly digest and rejected leads; empty = none)', 2000),
      element: { type: 'conversations_select', action_id: 'value', filter: channelFilter, ...(inForce.digestChannelId ? { initial_conversation: inForce.digestChannelId } : {}) },
    },
    {
      type: 'input',
      block_id: 'digest_schedule',
      label: plain('Weekly digest at', 2000),
      hint: plain('A weekday and a 24-hour time, e.g. mon 09:00', 2000),
      element: { type: 'plain_text_input', action_id: 'value', initial_value: inForce.digestSchedule },
    },
    {
      type: 'input',
      block_id: 'time_zone',
      label: plain('Time zone (weeks, business hours, the digest)', 2000),
      hint: plain('An IANA time zone, e.g. Europe/Berlin or America/New_York', 2000),
      element: { type: 'plain_text_input', action_id: 'value', initial_value: inForce.timeZone },
    },
    { type: 'context', elements: [mrkdwn('Invite Leadloop to a new channel (`/invite @Leadloop`) so it can post there.')] },
  );
  return { type: 'modal', callback_id: MODAL_SETTINGS, title: plain('Leadloop settings', 24), submit: plain('Save', 24), close: plain('Cancel', 24), blocks };
}
