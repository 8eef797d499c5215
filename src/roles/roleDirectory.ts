import type { Logger } from '../logger.js';
import { loadSettings, type TeamSettings } from '../storage/settingsRepository.js';
import type { Roles } from './roles.js';

/**
 * The roles in force: the environment's lists (LEADLOOP_ADMINS, …), plus
 * the users and the members of the user groups set in /leads settings.
 * `roles` is one object that every check reads; refreshing replaces its
 * lists in place, so checks everywhere see changes without restarting.
 * Group membership is read from Slack; each instance refreshes every minute
 * and right after a settings change.
 */
export function createRoleDirectory(deps: {
  /** The lists from the environment. */
  base: Roles;
  /** The members of a Slack user group (throws what Slack answered). */
  groupMembers: (groupId: string) => Promise<string[]>;
  logger: Logger;
  /** The escalation target from the environment, used unless settings name one. */
  baseEscalateTo: string | undefined;
}) {
  const roles: Roles = { admins: [...deps.base.admins], sales: [...deps.base.sales], marketing: [...deps.base.marketing] };
  let escalateTo = deps.baseEscalateTo;
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
      expand(settings.roles.admins, deps.base.admins),
      expand(settings.roles.sales, deps.base.sales),
      expand(settings.roles.marketing, deps.base.marketing),
    ]);
    roles.admins.splice(0, roles.admins.length, ...admins);
    roles.sales.splice(0, roles.sales.length, ...sales);
    roles.marketing.splice(0, roles.marketing.length, ...marketing);
    escalateTo = settings.escalateTo ?? deps.baseEscalateTo;
  }

  return {
    roles,
    refresh,
    escalateTo: () => escalateTo,
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

export type RoleDirectory = ReturnType<typeof createRoleDirectory>;
