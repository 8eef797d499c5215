import type { Lead } from '../../leads/lead.js';
import { DEFAULT_QUEUE, type Queue } from '../../routing/routing.js';
import { describeCondition } from './routingView.js';
import { mrkdwnSafe, oneLine, slackDate } from './text.js';

/**
 * `/leads routing why <lead>`: which queue the lead went to and why, where
 * it was posted, and each time it was given by turn, to whom and who was
 * passed over and why.
 */
export function routingWhy(lead: Lead, queue: Queue | undefined, leadsChannelId: string): string {
  const who = [lead.contact.name, lead.company.name].filter(Boolean).map((v) => mrkdwnSafe(oneLine(v!), 80)).join(', ') || lead.id;
  const lines = [`*Why ${who} went where it did*`];
  if (!lead.queue) {
    lines.push(lead.origin === 'sales' ? '• A rep’s own prospect: never routed, it is theirs.' : '• Not routed: it was never posted for claiming (nurture, or before routing existed).');
  } else if (lead.queue.fallbackFrom) {
    lines.push(`• Routing (version ${lead.queue.version}) chose *${mrkdwnSafe(lead.queue.fallbackFrom, 40)}*, but its channel refused the lead, so it went to the *${DEFAULT_QUEUE}* queue.`);
  } else if (lead.queue.name === DEFAULT_QUEUE) {
    lines.push(`• No queue matched it under routing version ${lead.queue.version}: the *${DEFAULT_QUEUE}* queue (<#${leadsChannelId}>, the sales roster).`);
  } else {
    lines.push(`• Queue *${mrkdwnSafe(lead.queue.name, 40)}* (routing version ${lead.queue.version})${queue ? `: the first queue whose condition it met (${mrkdwnSafe(describeCondition(queue.when), 300)})` : ' (a queue since removed)'}.`);
  }
  if (lead.post.status === 'posted') lines.push(`• Posted in <#${lead.post.channelId}> ${slackDate(lead.post.postedAt)}.`);
  for (const entry of lead.history.filter((e) => e.event === 'escalated')) {
    const skipped = entry.details?.skipped ?? [];
    const passed = skipped.length ? ` Passed over: ${skipped.map((s) => `<@${s.userId}> (${mrkdwnSafe(s.reason, 120)})`).join(', ')}.` : '';
    const to = entry.details?.assignee ? `given by turn to <@${entry.details.assignee}>` : 'nobody was available to take it by turn; the manager was told';
    lines.push(`• ${slackDate(new Date(entry.at))}: not claimed in time, ${to}${entry.details?.queue ? ` in ${mrkdwnSafe(entry.details.queue, 40)}` : ''}.${passed}`);
  }
  return lines.join('\n');
}
