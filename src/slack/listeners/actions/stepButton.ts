import type { Step } from '../../../leads/lifecycle.js';
import { rolesOf } from '../../../roles/roles.js';
import { recordStep } from '../../../usecases/recordStep.js';
import type { Listeners } from '../deps.js';
import { answerStep } from '../stepAnswers.js';
import { buttonContext, tellClicker, type ButtonArgs } from './buttonContext.js';

/** Accept, Contacted, Meeting booked, Opportunity: one click, one recorded step. */
export function stepButton(step: Step, deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { leadId, userId } = buttonContext(args);
    const { definition } = await deps.definition();
    const isAdmin = (id: string) => rolesOf(deps.roles, id).admin;
    const outcome = await recordStep({ leadId, step, by: { kind: 'user', userId } }, { now: deps.now(), definition, isAdmin });
    await answerStep(outcome, deps, (text) => tellClicker(args, text));
  };
}
