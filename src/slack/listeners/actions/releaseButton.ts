import { releaseLead } from '../../../usecases/releaseLead.js';
import { notices } from '../../blocks/notices.js';
import type { Listeners } from '../deps.js';
import { buttonContext, tellClicker, type ButtonArgs } from './buttonContext.js';

export function releaseButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { leadId, userId } = buttonContext(args);
    const outcome = await releaseLead(leadId, userId, deps.now());
    switch (outcome.kind) {
      case 'released':
        deps.logger.info({ leadId, userId, event: 'lead_released' }, 'lead released');
        deps.homeChanged(userId);
        return deps.refreshMessage(outcome.lead);
      case 'not_yours':
        return tellClicker(args, notices.notYours(outcome.lead.owner!.userId));
      case 'not_releasable':
        return tellClicker(args, notices.notReleasable());
      case 'not_found':
        return tellClicker(args, notices.notFound());
    }
  };
}
