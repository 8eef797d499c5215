import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import type { TeamSettings } from '../../storage/settingsRepository.js';
import { mrkdwn, plain } from './text.js';

export const MODAL_SETTINGS = 'leadloop_settings_modal';
export const ROLE_NAMES = ['admins', 'sales', 'marketing'] as const;
const LABELS = { admins: 'Admins', sales: 'Sales reps', marketing: 'Marketers' };

/** What the environment sets, shown for reference (changed in the deployment, not here). */
export type Environment = { leadsChannelId: string; digestChannelId?: string; digestSchedule: string; timeZone: string };

export function settingsModal(settings: TeamSettings, environment: Environment): ModalView {
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
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        `Set in the deployment's environment: leads channel <#${environment.leadsChannelId}>, digest ${environment.digestChannelId ? `channel <#${environment.digestChannelId}>` : 'off (no DIGEST_CHANNEL_ID)'} every ${environment.digestSchedule}, time zone ${environment.timeZone}.`,
      ),
    ],
  });
  return { type: 'modal', callback_id: MODAL_SETTINGS, title: plain('Leadloop settings', 24), submit: plain('Save', 24), close: plain('Cancel', 24), blocks };
}
