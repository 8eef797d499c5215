/** People and user groups that hold one role. */
export type RoleMembers = { users: string[]; groups: string[] };

/**
 * The team's settings that admins change in Slack (/leads settings): who
 * has which role, by user and by user group, who hears about escalations,
 * the channels, the digest's schedule and the time zone. An unset value
 * falls back to the environment's.
 */
export type TeamSettings = {
  roles: { admins: RoleMembers; sales: RoleMembers; marketing: RoleMembers };
  escalateTo?: string;
  leadsChannelId?: string;
  digestChannelId?: string;
  /** As written, e.g. "mon 09:00". */
  digestSchedule?: string;
  timeZone?: string;
  updatedAt?: Date;
  updatedBy?: string;
};
