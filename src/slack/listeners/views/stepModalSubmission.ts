import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { StepDetails } from '../../../leads/lead.js';
import type { Step } from '../../../leads/lifecycle.js';
import { rolesOf } from '../../../roles/roles.js';
import { recordStep } from '../../../usecases/recordStep.js';
import type { ModalContext } from '../../blocks/stepModals.js';
import type { Listeners } from '../deps.js';
import { answerStep } from '../stepAnswers.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The modal's answer becomes the step. Field errors go back onto the modal
 * (it stays open); anything else closes it and answers like a button would.
 */
export function stepModalSubmission(step: Extract<Step, 'reject' | 'won' | 'lost'>, deps: Listeners) {
  return async (args: ViewArgs): Promise<void> => {
    const { view, body, client } = args;
    const context = parseContext(view.private_metadata);
    const details = readDetails(step, view.state.values);
    const { definition } = await deps.definition();
    if (!context) {
      await args.ack({ response_action: 'errors', errors: { [step === 'won' ? 'amount' : 'reason']: 'This form lost track of its lead; close it and click the button again.' } });
      return;
    }
    const outcome = await recordStep({ leadId: context.leadId, step, by: { kind: 'user', userId: body.user.id }, details }, { now: deps.now(), definition, isAdmin: (id) => rolesOf(deps.roles, id).admin });
    if (outcome.kind === 'invalid') {
      // The modals' block ids are the field names.
      await args.ack({ response_action: 'errors', errors: { [outcome.field]: outcome.message } });
      return;
    }
    await args.ack();
    await answerStep(outcome, deps, async (text) => {
      if (context.channelId) await client.chat.postEphemeral({ channel: context.channelId, user: body.user.id, text });
    });
  };
}

type StateValues = ViewSubmitAction['view']['state']['values'];

function readDetails(step: Step, values: StateValues): StepDetails {
  const value = (block: string) => values[block]?.value;
  const note = value('note')?.value?.trim();
  if (step === 'won') {
    const raw = value('amount')?.value;
    return { amount: raw ? Number(raw) : Number.NaN, currency: value('currency')?.selected_option?.value ?? '' };
  }
  return { reason: value('reason')?.selected_option?.value ?? '', ...(note ? { note } : {}) };
}

function parseContext(metadata: string): ModalContext | null {
  try {
    const parsed = JSON.parse(metadata) as Partial<ModalContext>;
    return typeof parsed.leadId === 'string' ? { leadId: parsed.leadId, ...(typeof parsed.channelId === 'string' ? { channelId: parsed.channelId } : {}) } : null;
  } catch {
    return null;
  }
}
