import type { Side } from '../definition/approval.js';

export type Roles = { admins: string[]; sales: string[]; marketing: string[] };

/** Who someone is to Leadloop. A person may be an admin and on one side at once. */
export function rolesOf(roles: Roles, userId: string): { admin: boolean; side: Side | null } {
  const side: Side | null = roles.sales.includes(userId) ? 'sales' : roles.marketing.includes(userId) ? 'marketing' : null;
  return { admin: roles.admins.includes(userId), side };
}

/** What a command or button lets someone do. */
export type Action = 'enter_leads' | 'read' | 'read_by_rep' | 'export' | 'erase' | 'claim';

/**
 * Whether someone may do something:
 * - entering leads (by hand or CSV) is for marketing and admins;
 * - reading leads and figures is for anyone with a role;
 * - figures per rep, and the export of every lead with its contact data, are for marketing and admins;
 * - claiming a lead is for sales reps and admins;
 * - erasing a person's data is for admins only.
 * Until any role is set up, everyone may enter and read (a new team is not
 * locked out); erasing always needs an admin.
 */
export function may(roles: Roles, userId: string, action: Action): boolean {
  const { admin, side } = rolesOf(roles, userId);
  const unconfigured = roles.admins.length + roles.sales.length + roles.marketing.length === 0;
  switch (action) {
    case 'erase':
      return admin;
    case 'enter_leads':
    case 'read_by_rep':
    case 'export':
      return unconfigured || admin || side === 'marketing';
    case 'read':
      return unconfigured || admin || side !== null;
    case 'claim':
      return unconfigured || admin || side === 'sales';
  }
}
