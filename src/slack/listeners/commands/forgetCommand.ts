import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { may } from '../../../roles/roles.js';
import { erasePerson, personByEmail } from '../../../usecases/erasePerson.js';
import { rejectionReport } from '../../blocks/rejectionReport.js';
import { LIMITS, mrkdwn, mrkdwnSafe, plain } from '../../blocks/text.js';
import type { ButtonArgs } from '../actions/buttonContext.js';
import type { Listeners } from '../deps.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const ACTION_ERASE = 'lead_erase';
const USAGE = 'Usage: `/leads forget <email>` (admins): erases that person’s data from Leadloop.';
const ADMINS_ONLY = 'Only Leadloop admins can erase a person’s data.';

/** `/leads forget <email>`: shows what will be erased, behind a confirmed button. */
export async function forgetCommand(deps: Listeners, { command, ack }: CommandArgs, text: string): Promise<void> {
  if (!may(deps.roles, command.user_id, 'erase')) return ack({ response_type: 'ephemeral', text: ADMINS_ONLY });
  const email = text.trim();
  if (!/^\S+@\S+$/.test(email)) return ack({ response_type: 'ephemeral', text: USAGE });
  const lead = await personByEmail(email);
  if (!lead) return ack({ response_type: 'ephemeral', text: `No lead has the email ${mrkdwnSafe(email, 254)}; nothing to erase.` });
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        `Erase the personal data of *${mrkdwnSafe(email, 254)}*? Their name, email, phone, job title and every note about them are removed from Leadloop and from the lead’s message. The lead’s stage and history stay, without the person, so the reports still add up. This cannot be undone.`,
      ),
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_ERASE,
          style: 'danger',
          value: lead.id,
          text: plain('Erase', LIMITS.buttonText),
          confirm: { title: plain('Erase this person?', 100), text: plain('This cannot be undone.', 300), confirm: plain('Erase', 30), deny: plain('Cancel', 30), style: 'danger' },
        },
      ],
    },
  ];
  return ack({ response_type: 'ephemeral', text: `Erase the personal data of ${mrkdwnSafe(email, 254)}?`, blocks });
}

export function eraseButton(deps: Listeners) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const userId = args.body.user.id;
    if (!may(deps.roles, userId, 'erase')) return void (await args.respond({ response_type: 'ephemeral', text: ADMINS_ONLY }));
    const erased = await erasePerson(args.action.value ?? '', userId, deps.now());
    if (!erased) return void (await args.respond({ response_type: 'ephemeral', replace_original: true, text: 'That lead’s data was already erased (or the lead is gone).' }));
    deps.logger.info({ leadId: erased.id, by: userId, event: 'lead_erased' }, 'personal data erased');
    await deps.refreshMessage(erased);
    // Rejection reports in the digest channel described the person too.
    for (const message of erased.reportMessages ?? []) {
      await args.client.chat.update({ channel: message.channelId, ts: message.ts, ...rejectionReport(erased) }).catch((error: unknown) => {
        deps.logger.error({ leadId: erased.id, err: error, event: 'erase_report_failed' }, 'a rejection report about the erased person could not be updated; edit it by hand');
      });
    }
    await args.respond({ response_type: 'ephemeral', replace_original: true, text: `Erased. Lead \`${erased.id}\` keeps its stage and history for the reports, without the person.` });
  };
}
