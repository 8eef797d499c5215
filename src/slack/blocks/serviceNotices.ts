import type { LeadDefinition } from '../../definition/definition.js';
import type { Lead } from '../../leads/lead.js';
import { shortDuration } from './duration.js';
import { leadTitle } from './leadMessage.js';
import { LIMITS, mrkdwnSafe, oneLine, truncate } from './text.js';

/** The words of the service-level notices. Plain text messages: they are short and read in notifications. */

type Levels = LeadDefinition['serviceLevels'];

function windowWords(minutes: number, levels: Levels): string {
  return `${shortDuration(0, minutes * 60_000)}${levels.businessHoursOnly ? ' of business hours' : ''}`;
}

function who(lead: Lead): string {
  return mrkdwnSafe(oneLine(leadTitle(lead, 'A lead')), 200);
}

export function claimReminderText(levels: Levels): string {
  return `:alarm_clock: Nobody has claimed this lead within ${windowWords(levels.claimWithinMinutes, levels)}. Can someone take it? Claim it above. If it is still unclaimed after another ${windowWords(levels.claimWithinMinutes, levels)}, it will be assigned by round-robin.`;
}

/** `target` is a Slack user ID (U…) or user group ID (S…): the sales manager to tell. */
export function escalationText(levels: Levels, assignee: string | null, target: string | undefined): string {
  const waited = windowWords(2 * levels.claimWithinMinutes, levels);
  const manager = target ? (target.startsWith('S') ? `<!subteam^${target}>` : `<@${target}>`) : null;
  if (assignee) {
    return `:rotating_light: Not claimed within ${waited}: assigned to <@${assignee}> by round-robin.${manager ? ` ${manager}, for your information.` : ''}`;
  }
  return `:rotating_light: Not claimed within ${waited}, and no rep is available to take it (everyone is away or rejected it before).${manager ? ` ${manager}, please assign it.` : ''}`;
}

export function firstTouchReminderText(lead: Lead, levels: Levels, now: Date): string {
  const since = lead.owner ? shortDuration(lead.owner.claimedAt.getTime(), now.getTime()) : 'a while';
  const where = lead.post.status === 'posted' ? ` on its message in <#${lead.post.channelId}>` : '';
  return truncate(
    `:telephone_receiver: You took on ${who(lead)} ${since} ago, and no first contact is recorded yet (the agreed window is ${windowWords(levels.firstTouchWithinHours * 60, levels)}). Once you have reached out, press *Contacted*${where}.`,
    LIMITS.fallbackText,
  );
}
