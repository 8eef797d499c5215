import type { Roles } from '../roles/roles.js';
import { claimFirstAdmin } from '../storage/settingsRepository.js';

export type SettingsAccess = { kind: 'admin'; becameFirstAdmin: boolean } | { kind: 'not_admin' } | { kind: 'not_workspace_admin' };

/**
 * Who may open /leads settings. An admin may. While Leadloop has no admin at
 * all, a Slack workspace owner or admin takes the role by opening them (a
 * bot-token install does not say who installed the app, and Slack's own
 * admins are the people a team already trusts with its workspace); nobody
 * else can make themself admin.
 */
export async function accessSettings(
  userId: string,
  deps: { roles: Roles; isWorkspaceAdmin: (userId: string) => Promise<boolean>; refreshRoles: () => Promise<void>; now: Date },
): Promise<SettingsAccess> {
  if (deps.roles.admins.includes(userId)) return { kind: 'admin', becameFirstAdmin: false };
  if (deps.roles.admins.length > 0) return { kind: 'not_admin' };
  if (!(await deps.isWorkspaceAdmin(userId))) return { kind: 'not_workspace_admin' };
  const became = await claimFirstAdmin(userId, deps.now);
  await deps.refreshRoles();
  return deps.roles.admins.includes(userId) ? { kind: 'admin', becameFirstAdmin: became } : { kind: 'not_admin' };
}
