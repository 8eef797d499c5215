import type { Side } from '../definition/approval.js';

export type Roles = { admins: string[]; sales: string[]; marketing: string[] };

/** Who someone is to Leadloop. A person may be an admin and on one side at once. */
export function rolesOf(roles: Roles, userId: string): { admin: boolean; side: Side | null } {
  const side: Side | null = roles.sales.includes(userId) ? 'sales' : roles.marketing.includes(userId) ? 'marketing' : null;
  return { admin: roles.admins.includes(userId), side };
}

/** What a command or button lets someone do. */
export type Action = 'enter_leads' | 'import_leads' | 'own_prospects' | 'read' | 'read_contacts' | 'read_by_rep' | 'export' | 'erase' | 'claim';

/** No role is set anywhere yet: a team's first minutes. */
export function unconfigured(roles: Roles): boolean {
  return roles.admins.length + roles.sales.length + roles.marketing.length === 0;
}

/**
 * Whether someone may do something:
 * - entering a lead by hand is for marketing, admins and sales (a rep's
 *   lead is their own prospect); importing a CSV for marketing and admins;
 * - owning a prospect (a sales-sourced lead) is for sales reps only;
 * - reading the figures is for anyone with a role;
 * - reading leads with their contact data outside the leads channel (App
 *   Home, lists, find, open) is for anyone with a role, always;
 * - figures per rep are for marketing and admins; the export (every lead
 *   with its contact data) for marketing and admins, always;
 * - claiming a lead is for sales reps and admins;
 * - erasing a person's data is for admins only.
 * Until any role is set up, everyone may enter leads, read the figures and
 * claim in the channel (a new team is not locked out), but nobody without a
 * role sees a lead's contact data outside the leads channel.
 */
export function may(roles: Roles, userId: string, action: Action): boolean {
  const { admin, side } = rolesOf(roles, userId);
  const fresh = unconfigured(roles);
  switch (action) {
    case 'erase':
      return admin;
    case 'read_contacts':
      return admin || side !== null;
    case 'export':
      return admin || side === 'marketing';
    case 'enter_leads':
      return fresh || admin || side !== null;
    case 'own_prospects':
      return side === 'sales';
    case 'import_leads':
    case 'read_by_rep':
      return fresh || admin || side === 'marketing';
    case 'read':
      return fresh || admin || side !== null;
    case 'claim':
      return fresh || admin || side === 'sales';
  }
}
