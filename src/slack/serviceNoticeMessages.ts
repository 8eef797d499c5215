import type { WebClient } from '@slack/web-api';
import type { NoticeJob } from '../jobs/jobs.js';
import { OPEN_STAGES, type Lead } from '../leads/lead.js';
import type { Logger } from '../logger.js';
import type { ActiveDefinition } from '../usecases/leadDefinition.js';
import { claimReminderText, escalationText, firstTouchReminderText } from './blocks/serviceNotices.js';

/**
 * Sends the service-level notices: reminders and escalations in the lead's
 * thread, first-touch reminders to the owner directly. A reminder whose lead
 * moved on before it could be sent is dropped. Uses the non-retrying client;
 * the notice job retries.
 */
export function createServiceNotices(deps: {
  client: WebClient;
  definition: () => Promise<ActiveDefinition>;
  /** Who hears about escalations, as set now. */
  escalateTo: () => string | undefined;
  now: () => Date;
  logger: Logger;
}) {
  return async (notice: NoticeJob, lead: Lead): Promise<void> => {
    const levels = (await deps.definition()).definition.serviceLevels;
    const cancelled = (why: string) => deps.logger.info({ leadId: lead.id, notice: notice.kind, event: 'service_notice_cancelled' }, why);
    const thread = lead.post.status === 'posted' ? { channel: lead.post.channelId, thread_ts: lead.post.ts } : null;
    switch (notice.kind) {
      case 'claim_reminder':
        if (lead.stage !== 'mql' || lead.owner) return cancelled('the lead was claimed before its reminder went out');
        if (!thread) return cancelled('the lead has no message to remind in');
        await deps.client.chat.postMessage({ ...thread, text: claimReminderText(levels) });
        return;
      case 'escalated':
        if (!thread) return cancelled('the lead has no message to announce the escalation in');
        await deps.client.chat.postMessage({ ...thread, text: escalationText(levels, notice.assignee ?? null, deps.escalateTo()) });
        return;
      case 'first_touch_reminder':
        if (!lead.owner || lead.firstTouchAt || !OPEN_STAGES.includes(lead.stage)) return cancelled('the lead moved on before its reminder went out');
        await deps.client.chat.postMessage({ channel: lead.owner.userId, text: firstTouchReminderText(lead, levels, deps.now()) });
        return;
    }
  };
}
