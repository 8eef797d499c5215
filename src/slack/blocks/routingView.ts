import type { KnownBlock, ModalView } from '@slack/types';
import { stringify } from 'yaml';
import { DEFAULT_QUEUE, type Queue, type QueueCondition } from '../../routing/routing.js';
import type { ActiveRouting } from '../../usecases/routing.js';
import { mrkdwn, mrkdwnSafe, plain, slackDate } from './text.js';

export const ACTION_ROUTING_EDIT = 'routing_edit';
export const MODAL_ROUTING = 'routing_edit_modal';
/** Slack's limit for a plain_text_input. */
export const MAX_ROUTING_TEXT = 3000;

/** A queue's condition, for people: "region EMEA · size 1000+ · score ≥ 60". */
export function describeCondition(when: QueueCondition): string {
  const parts: string[] = [];
  if (when.region) parts.push(`region ${when.region.join(', ')}`);
  if (when.country) parts.push(`country ${when.country.join(', ')}`);
  if (when.size) parts.push(`size ${when.size.join(', ')}`);
  if (when.industry) parts.push(`industry ${when.industry.join(', ')}`);
  if (when.source) parts.push(`source ${when.source.join(', ')}`);
  if (when.campaign) parts.push(`campaign ${when.campaign.join(', ')}`);
  if (when.score) parts.push(`score ${when.score.min ?? 0}–${when.score.max ?? '∞'}`);
  return parts.length ? parts.join(' · ') : 'every lead';
}

function rep(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

function queueLine(queue: Queue, index: number): string {
  const weights = Object.entries(queue.weights ?? {}).map(([id, w]) => `<@${id}> ×${w}`);
  return [
    `*${index + 1}. ${mrkdwnSafe(queue.name, 40)}* → <#${queue.channel}> when ${mrkdwnSafe(describeCondition(queue.when), 600)}`,
    `   Reps: ${queue.reps.map(rep).join(', ')}${weights.length ? ` · weights ${weights.join(', ')}` : ''}${queue.dailyCap ? ` · at most ${queue.dailyCap} a rep a day` : ''}`,
  ].join('\n');
}

/** `/leads routing`: the queues in force, in order, then the default queue; admins get *Edit routing*. */
export function routingView(current: ActiveRouting, history: Array<{ version: number; by: string; createdAt: Date; queueCount: number }>, context: { leadsChannelId: string; isAdmin: boolean }): { text: string; blocks: KnownBlock[] } {
  const { queues } = current.routing;
  const lines = queues.map(queueLine);
  lines.push(`*${queues.length + 1}. ${DEFAULT_QUEUE}* → <#${context.leadsChannelId}> every other lead · reps: the sales roster (\`/leads settings\`)`);
  const by = current.by === 'file' ? 'config/routing.yml' : current.by === 'none' ? 'nobody yet' : `<@${current.by}>`;
  const text = `*Routing* (version ${current.version}, by ${by}, ${slackDate(current.createdAt)}): a qualified lead goes to the first queue it matches.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(text) }, { type: 'section', text: mrkdwn(lines.join('\n').slice(0, 3000)) }];
  if (history.length > 1) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Earlier: ${history.slice(1).map((h) => `v${h.version} by ${h.by === 'file' ? 'the file' : `<@${h.by}>`} ${slackDate(h.createdAt, '{date_short}')} (${h.queueCount} queues)`).join(' · ')}`)],
    });
  }
  if (context.isAdmin) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: ACTION_ROUTING_EDIT, text: plain('Edit routing', 75), value: String(current.version) }] });
  }
  return { text, blocks };
}

/** The routing as YAML to edit: as its author wrote it, or written out from the queues. */
export function routingYaml(current: ActiveRouting): string {
  if (current.text) return current.text;
  return stringify({ queues: current.routing.queues });
}

export function routingModal(yaml: string, basedOn: number): ModalView {
  return {
    type: 'modal',
    callback_id: MODAL_ROUTING,
    title: plain('Edit routing', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ basedOn }),
    blocks: [
      {
        type: 'input',
        block_id: 'yaml',
        label: plain(`Queues (based on version ${basedOn})`, 2000),
        hint: plain('Same format as config/routing.yml: queues with name, channel, reps, when (country, region, size, industry, source, campaign, score), weights, dailyCap. Saving makes the next version at once.', 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, ...(yaml ? { initial_value: yaml } : {}), max_length: MAX_ROUTING_TEXT },
      },
    ],
  };
}
