import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parsePeriod } from '../../../reports/periods.js';
import { may } from '../../../roles/roles.js';
import { parseStatsArguments, STATS_USAGE } from './statsArguments.js';
import { reportWithPrevious } from '../../../usecases/weeklyDigest.js';
import { reasonLabelsOf, statsDetail, statsSummary, type StatsMessage } from '../../blocks/statsView.js';
import type { Listeners } from '../deps.js';
import { answerInTime } from './answerInTime.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/leads stats …`: the digest's figures on demand, to the asker only. The
 * answer goes with the acknowledgement when it is ready in time; otherwise
 * Slack gets a "working on it" and the figures follow through response_url.
 */
export async function statsCommand(deps: Listeners, { command, ack, respond }: CommandArgs, text: string): Promise<void> {
  if (!may(deps.roles, command.user_id, 'read')) return ack({ response_type: 'ephemeral', text: 'You need a Leadloop role to see the figures; ask an admin.' });
  const args = parseStatsArguments(text);
  if (!args.ok) return ack({ response_type: 'ephemeral', text: args.message });
  if (args.byRep && !may(deps.roles, command.user_id, 'read_by_rep')) return ack({ response_type: 'ephemeral', text: 'The figures by rep are for marketing and admins; leave out `by:rep` for the team’s figures.' });
  const period = parsePeriod(args.periodText, deps.now(), deps.timeZone());
  if (!period.ok) return ack({ response_type: 'ephemeral', text: `${period.message} ${STATS_USAGE}` });

  const answer = (async (): Promise<StatsMessage> => {
    const { current, previous } = await reportWithPrevious(period.period, deps.timeZone(), args.filter, { byRep: args.byRep });
    const summary = statsSummary(current, previous, 'Leads');
    if (current.figures.leadsIn === 0) return summary;
    const detail = statsDetail(current, reasonLabelsOf((await deps.definition()).definition), { byRep: args.byRep });
    return { text: summary.text, blocks: [...summary.blocks, { type: 'divider' }, ...detail.blocks] };
  })().catch((error: unknown): StatsMessage => {
    deps.logger.error({ err: error, user: command.user_id, event: 'stats_failed' }, 'could not answer /leads stats');
    return { text: 'Sorry, I could not count the leads just now. Please try again in a minute.', blocks: [] };
  });
  await answerInTime({ ack, respond }, answer, deps.commandAnswerMs, { text: `Counting the leads for ${period.period.label}…` });
}
