import type { Lead } from '../../leads/lead.js';
import type { Logger } from '../../logger.js';

/** What listeners need from the rest of the app. */
export type Listeners = {
  now: () => Date;
  logger: Logger;
  /** Brings the channel message in line with the lead, retrying in the background if Slack fails. */
  refreshMessage: (lead: Lead) => Promise<void>;
};
