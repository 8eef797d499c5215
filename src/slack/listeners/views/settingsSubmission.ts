import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isTimeZone, parseDigestSchedule } from '../../../config.js';
import { rolesOf } from '../../../roles/roles.js';
import type { TeamSettings } from '../../../settings/teamSettings.js';
import { saveTeamSettings } from '../../../usecases/teamSettings.js';
import { ROLE_NAMES } from '../../blocks/settingsModal.js';
import { notices } from '../../blocks/notices.js';
import type { Listeners } from '../deps.js';

type Values = Record<string, Record<string, { value?: string | null; selected_users?: string[] | null; selected_conversation?: string | null }>>;

/** The admin's roles and escalation target: checked, with Slack, before anything is saved. */
export function settingsSubmission(deps: Listeners) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    if (!rolesOf(deps.roles, userId).admin) return ack({ response_action: 'errors', errors: { admins_users: notices.onlyAdminsSettings() } });
    const values = view.state.values as unknown as Values;
    const errors: Record<string, string> = {};
    const settings: TeamSettings = { roles: { admins: { users: [], groups: [] }, sales: { users: [], groups: [] }, marketing: { users: [], groups: [] } } };
    for (const role of ROLE_NAMES) {
      settings.roles[role].users = values[`${role}_users`]?.value?.selected_users ?? [];
      const groups = (values[`${role}_groups`]?.value?.value ?? '').split(/[\s,]+/).filter(Boolean);
      const malformed = groups.filter((g) => !/^S[A-Z0-9]{6,}$/.test(g));
      if (malformed.length) {
        errors[`${role}_groups`] = `Not user group IDs: ${malformed.join(', ')} (they look like S0123ABCD)`;
        continue;
      }
      const unknown: string[] = [];
      for (const group of groups) await deps.teamSettings.groupMembers(group).catch(() => unknown.push(group));
      if (unknown.length) errors[`${role}_groups`] = `Slack does not know these user groups (or Leadloop lacks usergroups:read): ${unknown.join(', ')}`;
      settings.roles[role].groups = groups;
    }
    const escalateTo = (values.escalate_to?.value?.value ?? '').trim();
    if (escalateTo && !/^[UWS][A-Z0-9]{6,}$/.test(escalateTo)) errors.escalate_to = 'Give a user ID (U…) or a user group ID (S…)';
    if (escalateTo) settings.escalateTo = escalateTo;
    if (settings.roles.admins.users.length + settings.roles.admins.groups.length === 0 && deps.teamSettings.environmentAdmins().length === 0) {
      errors.admins_users = 'Keep at least one admin, or nobody can change these settings again.';
    }
    const leadsChannel = values.leads_channel?.value?.selected_conversation;
    if (leadsChannel) settings.leadsChannelId = leadsChannel;
    else errors.leads_channel = 'Choose the channel new leads are posted in.';
    const digestChannel = values.digest_channel?.value?.selected_conversation;
    if (digestChannel) settings.digestChannelId = digestChannel;
    const schedule = parseDigestSchedule(values.digest_schedule?.value?.value ?? '');
    if (schedule) settings.digestSchedule = schedule.text;
    else errors.digest_schedule = 'Give a weekday and a 24-hour time, such as mon 09:00';
    const timeZone = (values.time_zone?.value?.value ?? '').trim();
    if (isTimeZone(timeZone) && timeZone !== '') settings.timeZone = timeZone;
    else errors.time_zone = 'Give an IANA time zone, such as Europe/Berlin';
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });

    await saveTeamSettings(settings, userId, deps.now());
    await deps.teamSettings.apply();
    await ack();
    deps.logger.info({ by: userId, event: 'settings_changed' }, 'Leadloop settings changed');
    await client.chat.postMessage({ channel: userId, text: 'Leadloop settings saved; they apply at once on this instance and within a minute on the others.' }).catch(() => undefined);
  };
}
