import type { Lead } from '../../leads/lead.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../ops/metrics.js';
import type { ActiveDefinition } from '../../usecases/leadDefinition.js';
import type { ActiveRouting, SlackRoutingCheck } from '../../usecases/routing.js';
import type { Roles } from '../../roles/roles.js';
import type { TeamSettings } from '../../settings/teamSettings.js';
import type { InForce } from '../blocks/settingsModal.js';

/** What listeners need from the rest of the app. */
export type Listeners = {
  metrics: Metrics;
  now: () => Date;
  logger: Logger;
  /** The lead definition in force (reasons for the modals, rules for the details). */
  definition: () => Promise<ActiveDefinition>;
  /** Who may change the definition and override owners, and who speaks for sales and marketing. */
  roles: Roles;
  /** The routing in force (cached), and the checks only Slack can make of an edit. */
  routing: { current: () => Promise<ActiveRouting>; forget: () => void; check: SlackRoutingCheck };
  /** Schedules a stored lead's post (the pending-post sweep repairs a failure). */
  schedulePost: (leadId: string) => Promise<void>;
  /** Tells marketing that sales rejected a lead (in the background, retried). */
  reportRejection: (leadId: string) => Promise<void>;
  /** The settings admins change in /leads settings, and the roles they give. */
  teamSettings: {
    current: () => Promise<TeamSettings>;
    /** Re-reads the settings and user groups into `roles`. */
    refresh: () => Promise<void>;
    groupMembers: (groupId: string) => Promise<string[]>;
    /** Whether Slack says the person is a workspace owner or admin (users.info). */
    isWorkspaceAdmin: (userId: string) => Promise<boolean>;
    environmentAdmins: () => string[];
    /** The channels, schedule and time zone in force. */
    inForce: () => InForce;
    /** Applies saved settings on this instance at once (roles, channels, the digest's schedule). */
    apply: () => Promise<void>;
  };
  /** The team's time zone as set now: periods and dates are read in it. */
  timeZone: () => string;
  /** How long a slash command may compute before answering "working on it" and following up. */
  commandAnswerMs: number;
  /** The person opened their Home tab: remember them and draw it as it is now. */
  homeOpened: (userId: string) => Promise<void>;
  /** Something on the person's Home changed: redrawn in the background if they ever opened it; returns at once. */
  homeChanged: (userId: string) => void;
  /** Brings the channel message (and the owner's Home) in line with the lead, retrying in the background if Slack fails. */
  refreshMessage: (lead: Lead) => Promise<void>;
};
