import type { Lead } from '../leads/lead.js';
import type { Logger } from '../logger.js';
import { leadById } from '../usecases/readLead.js';
import { createKeyedQueue } from '../util/keyedQueue.js';
import type { HomeTabs } from './homeTab.js';

/**
 * Shows a lead as it is now: its message in Slack, then its owner's Home
 * (in the background). Updates of one lead run in order, and one that waited
 * behind another renders the lead as it is when it runs, so the last update
 * Slack gets is the latest state; one that fails is handed to a retried
 * background job.
 */
export function createLeadPresenter(deps: {
  refreshMessage: (lead: Lead) => Promise<void>;
  home: HomeTabs;
  scheduleRefresh: (leadId: string) => Promise<void>;
  logger: Logger;
}) {
  const queue = createKeyedQueue();
  /** The message and the owner's Home, as the lead is; throws what Slack answered. */
  async function show(lead: Lead): Promise<void> {
    await deps.refreshMessage(lead);
    if (lead.owner) deps.home.changed(lead.owner.userId);
  }
  return {
    show,
    /**
     * Brings the lead's message (and its owner's Home) up to date, in order; a
     * failure is retried in the background. `lead` is the lead as the update
     * that changed it returned it. With nothing else queued for the lead it is
     * shown as given (read again, it could only be as new); behind other
     * updates it is read again when its turn comes, so the last one shown is
     * the latest state.
     */
    present(lead: Lead): Promise<void> {
      const asGiven = !queue.has(lead.id);
      return queue.run(lead.id, async () => {
        try {
          await show(asGiven ? lead : ((await leadById(lead.id)) ?? lead));
        } catch (error) {
          deps.logger.warn({ leadId: lead.id, err: error, event: 'message_refresh_retry' }, 'message update failed; retrying in the background');
          await deps.scheduleRefresh(lead.id);
        }
      });
    },
    idle: () => queue.idle(),
  };
}

export type LeadPresenter = ReturnType<typeof createLeadPresenter>;
