import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { rolesOf } from '../../../roles/roles.js';
import { findActive, findProposals } from '../../../storage/definitionRepository.js';
import { definitionView } from '../../blocks/definitionView.js';
import type { Listeners } from '../deps.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const USAGE = 'Usage: `/leads definition` shows the lead definition sales and marketing agreed on (admins propose changes there).';

/** `/leads <subcommand>`: answered privately, inside Slack's 3 seconds. */
export function leadsCommand(deps: Listeners) {
  return async ({ command, ack }: CommandArgs): Promise<void> => {
    const [subcommand = '', ...rest] = command.text.trim().split(/\s+/);
    switch (subcommand.toLowerCase()) {
      case 'definition': {
        const [active, proposals] = await Promise.all([findActive(), findProposals()]);
        if (!active) return ack({ response_type: 'ephemeral', text: 'There is no lead definition yet; restart Leadloop to create it.' });
        const blocks = definitionView(active, proposals, rolesOf(deps.roles, command.user_id));
        return ack({ response_type: 'ephemeral', text: `Lead definition v${active.version}`, blocks });
      }
      case '':
      case 'help':
        return ack({ response_type: 'ephemeral', text: USAGE });
      default:
        return ack({ response_type: 'ephemeral', text: `I don’t know \`/leads ${[subcommand, ...rest].join(' ')}\`. ${USAGE}` });
    }
  };
}
