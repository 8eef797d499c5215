import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { rolesOf } from '../../../roles/roles.js';
import { qualifyLead } from '../../../usecases/qualifyLead.js';
import { notices } from '../../blocks/notices.js';
import { answersFromQualifyModal, qualifyContextOf } from '../../blocks/qualifyModal.js';
import type { Listeners } from '../deps.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The qualification form's answer: the findings are stored (and with
 * *Meeting booked*, the meeting recorded). A wrong answer stays on its
 * field; a form made for another definition version than the one in force
 * is refused on the first question, and nothing is stored.
 */
export function qualifySubmission(deps: Listeners) {
  return async ({ ack, view, body, client }: ViewArgs): Promise<void> => {
    const firstQuestion = view.state.values ? Object.keys(view.state.values).find((id) => id.startsWith('qualification.')) ?? 'qualification' : 'qualification';
    const context = qualifyContextOf(view.private_metadata);
    if (!context) return ack({ response_action: 'errors', errors: { [firstQuestion]: 'This form lost track of its lead; close it and click the button again.' } });
    const userId = body.user.id;
    const outcome = await qualifyLead(
      { leadId: context.leadId, answers: answersFromQualifyModal(view.state.values as never), by: { kind: 'user', userId }, formVersion: context.version, meeting: context.meeting },
      { now: deps.now(), definition: await deps.definition(), isAdmin: (id) => rolesOf(deps.roles, id).admin },
    );
    const tell = async (text: string) => {
      await (context.channelId ? client.chat.postEphemeral({ channel: context.channelId, user: userId, text }) : client.chat.postMessage({ channel: userId, text }));
    };
    switch (outcome.kind) {
      case 'invalid':
        return ack({ response_action: 'errors', errors: Object.fromEntries(outcome.problems.map((p) => [p.field.startsWith('qualification.') ? p.field : firstQuestion, p.message])) });
      case 'stale':
        return ack({
          response_action: 'errors',
          errors: { [firstQuestion]: `The lead definition changed while this form was open (now version ${outcome.version}); nothing was saved. Close the form and click the button again.` },
        });
      case 'recorded':
        await ack();
        deps.logger.info({ leadId: outcome.lead.id, stage: outcome.lead.stage, event: 'lead_findings' }, 'sales findings recorded');
        return deps.refreshMessage(outcome.lead);
      case 'not_owner':
        await ack();
        return tell(notices.onlyOwner(outcome.ownerId));
      case 'refused':
        await ack();
        return tell(outcome.reason);
      case 'not_found':
        await ack();
        return tell(notices.notFound());
    }
  };
}
