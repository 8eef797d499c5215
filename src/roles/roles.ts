import type { Side } from '../definition/approval.js';

export type Roles = { admins: string[]; sales: string[]; marketing: string[] };

/** Who someone is to Leadloop. A person may be an admin and on one side at once. */
export function rolesOf(roles: Roles, userId: string): { admin: boolean; side: Side | null } {
  const side: Side | null = roles.sales.includes(userId) ? 'sales' : roles.marketing.includes(userId) ? 'marketing' : null;
  return { admin: roles.admins.includes(userId), side };
}
