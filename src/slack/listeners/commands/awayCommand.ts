import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { TZDate } from '@date-fns/tz';
import { rolesOf } from '../../../roles/roles.js';
import { comeBack, goAway } from '../../../usecases/repAvailability.js';
import { slackDate } from '../../blocks/text.js';
import type { Listeners } from '../deps.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const AWAY_USAGE = 'Usage: `/leads away` (until you say `/leads back`) or `/leads away until YYYY-MM-DD` (back that morning).';

/** `/leads away [until YYYY-MM-DD]`: reminders and round-robin skip the rep meanwhile. */
export async function awayCommand(deps: Listeners, { command, ack }: CommandArgs, text: string): Promise<void> {
  if (rolesOf(deps.roles, command.user_id).side !== 'sales') {
    return ack({ response_type: 'ephemeral', text: 'Only sales reps take part in round-robin, so only they can be away.' });
  }
  const now = deps.now();
  const wanted = text.trim().toLowerCase();
  let until: Date | null = null;
  if (wanted !== '') {
    const match = /^until (\d{4})-(\d{2})-(\d{2})$/.exec(wanted);
    if (!match) return ack({ response_type: 'ephemeral', text: AWAY_USAGE });
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const local = new TZDate(year, month - 1, day, deps.timeZone());
    if (local.getFullYear() !== year || local.getMonth() !== month - 1 || local.getDate() !== day) {
      return ack({ response_type: 'ephemeral', text: `${match[0].slice(6)} is not a real date. ${AWAY_USAGE}` });
    }
    until = new Date(local.getTime());
    if (until <= now) return ack({ response_type: 'ephemeral', text: 'That date has already begun; give a date in the future.' });
  }
  await goAway(command.user_id, now, until);
  return ack({
    response_type: 'ephemeral',
    text: until
      ? `You are away until ${slackDate(until, '{date_long}')}: no reminders and no round-robin leads until then. \`/leads back\` ends it early.`
      : 'You are away: no reminders and no round-robin leads until you say `/leads back`.',
  });
}

export async function backCommand(deps: Listeners, { command, ack }: CommandArgs): Promise<void> {
  const wasAway = await comeBack(command.user_id);
  return ack({ response_type: 'ephemeral', text: wasAway ? 'Welcome back: round-robin includes you again.' : 'You were not marked away.' });
}
