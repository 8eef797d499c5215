import { parseDigestSchedule, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Roles } from '../roles/roles.js';
import { loadSettings } from '../storage/settingsRepository.js';
import type { TeamSettings } from './teamSettings.js';

/**
 * The settings in force: what admins set in /leads settings, over the
 * environment's values. Roles are the environment's lists (LEADLOOP_ADMINS,
 * …) plus the users and the members of the user groups set in Slack.
 * `roles` is one object that every check reads; refreshing replaces its
 * lists in place, so checks everywhere see changes without restarting.
 * Each instance refreshes every minute and right after a settings change.
 */
export function createLiveSettings(deps: {
  /** The environment's values. */
  config: Pick<Config, 'roles' | 'escalateTo' | 'leadsChannelId' | 'digestChannelId' | 'digestSchedule' | 'timeZone'>;
  /** The members of a Slack user group (throws what Slack answered). */
  groupMembers: (groupId: string) => Promise<string[]>;
  logger: Logger;
}) {
  const base = deps.config.roles;
  const roles: Roles = { admins: [...base.admins], sales: [...base.sales], marketing: [...base.marketing] };
  let settings: TeamSettings | null = null;
  let timer: NodeJS.Timeout | undefined;

  async function expand(members: { users: string[]; groups: string[] }, base: string[]): Promise<string[]> {
    const all = new Set([...base, ...members.users]);
    for (const group of members.groups) {
      try {
        for (const user of await deps.groupMembers(group)) all.add(user);
      } catch (error) {
        deps.logger.warn({ group, err: error, event: 'user_group_unreadable' }, 'could not read a user group’s members; keeping the others');
      }
    }
    return [...all];
  }

  async function refresh(): Promise<void> {
    settings = await loadSettings();
    const [admins, sales, marketing] = await Promise.all([
      expand(settings.roles.admins, base.admins),
      expand(settings.roles.sales, base.sales),
      expand(settings.roles.marketing, base.marketing),
    ]);
    roles.admins.splice(0, roles.admins.length, ...admins);
    roles.sales.splice(0, roles.sales.length, ...sales);
    roles.marketing.splice(0, roles.marketing.length, ...marketing);
  }

  const { config } = deps;
  return {
    roles,
    refresh,
    escalateTo: () => settings?.escalateTo ?? config.escalateTo,
    leadsChannelId: () => settings?.leadsChannelId ?? config.leadsChannelId,
    /** Undefined: no digest, and rejections are not reported. */
    digestChannelId: () => settings?.digestChannelId ?? config.digestChannelId,
    digestSchedule: () => (settings?.digestSchedule ? parseDigestSchedule(settings.digestSchedule) : null) ?? config.digestSchedule,
    timeZone: () => settings?.timeZone ?? config.timeZone,
    /** The stored settings as last read (for the settings modal). */
    settings: async () => settings ?? (await loadSettings()),
    start(everyMs = 60_000) {
      timer = setInterval(() => void refresh().catch((error: unknown) => deps.logger.warn({ err: error, event: 'roles_refresh_failed' }, 'could not refresh roles')), everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

export type LiveSettings = ReturnType<typeof createLiveSettings>;
