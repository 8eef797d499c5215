import { stageName } from '../../../leads/stageNames.js';
import { may } from '../../../roles/roles.js';
import { claimLead } from '../../../usecases/claimLead.js';
import { notices } from '../../blocks/notices.js';
import type { Listeners } from '../deps.js';
import { buttonContext, tellClicker, type ButtonArgs } from './buttonContext.js';

export function claimButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { leadId, userId } = buttonContext(args);
    if (!may(deps.roles, userId, 'claim')) return tellClicker(args, 'Only sales reps can claim leads; ask a Leadloop admin to add you to sales.');
    const now = deps.now();
    const outcome = await claimLead(leadId, userId, now, deps);
    switch (outcome.kind) {
      case 'claimed':
        deps.logger.info({ leadId, userId, event: 'lead_claimed' }, 'lead claimed');
        deps.metrics.leadsClaimed.inc();
        return deps.refreshMessage(outcome.lead);
      case 'already_yours':
        return tellClicker(args, notices.alreadyYours());
      case 'taken':
        return tellClicker(args, notices.taken(outcome.lead.owner.userId, outcome.lead.owner.claimedAt, now));
      case 'rejected_before':
        return tellClicker(args, notices.rejectedBefore());
      case 'not_claimable':
        return tellClicker(args, notices.notClaimable(stageName(outcome.lead)));
      case 'not_found':
        return tellClicker(args, notices.notFound());
    }
  };
}
