import { shortDuration } from './duration.js';

/** Short ephemeral answers to a rep, in words a rep understands. */
export const notices = {
  taken: (ownerId: string, claimedAt: Date, now: Date) =>
    `<@${ownerId}> already claimed this lead ${shortDuration(claimedAt.getTime(), now.getTime())} ago.`,
  alreadyYours: () => 'You already own this lead.',
  notClaimable: (stageWords: string) => `This lead can no longer be claimed (it is at stage ${stageWords}).`,
  notFound: () => 'This lead no longer exists in Leadloop.',
  notYours: (ownerId: string) => `Only <@${ownerId}>, who owns this lead, can release it.`,
  notReleasable: () => 'This lead cannot be released: it is not claimed, or its verdict is already given.',
  onlyOwner: (ownerId: string | null) =>
    ownerId ? `Only <@${ownerId}>, who owns this lead (or a Leadloop admin), can do that.` : 'Claim the lead first.',
  rejectedBefore: () => 'You said this lead was not a lead, so it will not be given to you again.',
  // Refusals for someone without the role an action needs.
  onlyEnterLeads: () => 'Only members of sales or marketing, and admins, can add leads; ask a Leadloop admin to give you a role.',
  onlyImportLeads: () => 'Only marketers and admins can import leads.',
  needRoleForLeads: () => 'You need a Leadloop role to see leads; ask an admin.',
  onlyAdminsSettings: () => 'Only Leadloop admins can change the settings.',
  onlyWorkspaceAdminsFirst: () =>
    'Leadloop has no admin yet. Only a Slack workspace owner or admin can become its first admin, by running `/leads settings`; ask one of them (your workspace’s About page lists them). They can then give you a role.',
  unexpected: () => 'Sorry, something went wrong on our side and nothing was changed. Please try again in a minute.',
} as const;
