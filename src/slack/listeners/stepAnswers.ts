import type { Lead } from '../../leads/lead.js';
import type { StepOutcome } from '../../usecases/recordStep.js';
import { notices } from '../blocks/notices.js';
import type { Listeners } from './deps.js';

/**
 * What the person hears after a step: the message changes for everyone when
 * it was recorded; otherwise only they are told why not.
 */
export async function answerStep(outcome: StepOutcome, deps: Listeners, tell: (text: string) => Promise<void>): Promise<void> {
  switch (outcome.kind) {
    case 'recorded':
      await afterRecorded(outcome.lead, deps);
      return;
    case 'not_owner':
      return tell(notices.onlyOwner(outcome.ownerId));
    case 'refused':
      return tell(outcome.reason);
    case 'invalid':
      return tell(outcome.message);
    case 'not_found':
      return tell(notices.notFound());
  }
}

async function afterRecorded(lead: Lead, deps: Listeners): Promise<void> {
  const last = lead.history.at(-1);
  deps.logger.info({ leadId: lead.id, step: last?.event, stage: lead.stage, event: 'lead_step' }, `lead step ${last?.event}`);
  if (lead.verdict?.kind === 'rejected' && last?.event === 'reject') await deps.reportRejection(lead.id);
  await deps.refreshMessage(lead);
}
