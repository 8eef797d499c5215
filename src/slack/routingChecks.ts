import type { WebClient } from '@slack/web-api';
import type { FieldError } from '../leads/fieldErrors.js';
import type { Routing } from '../routing/routing.js';
import type { SlackRoutingCheck } from '../usecases/routing.js';

const errorOf = (error: unknown) => (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;

/**
 * What only Slack knows about a routing: each queue's channel exists and
 * Leadloop is in it (conversations.info `is_member`), each rep is a user of
 * the workspace and not deactivated (users.info), each user group exists
 * (usergroups.users.list). Each id is asked once per check.
 */
export function slackRoutingCheck(client: WebClient): SlackRoutingCheck {
  return async (routing: Routing) => {
    const problems: FieldError[] = [];
    const asked = new Map<string, Promise<string | null>>();
    const once = (id: string, ask: () => Promise<string | null>) => {
      if (!asked.has(id)) asked.set(id, ask());
      return asked.get(id)!;
    };
    const channel = (id: string) =>
      once(id, async () => {
        try {
          const info = await client.conversations.info({ channel: id });
          if (info.channel?.is_archived) return `<#${id}> is archived`;
          return info.channel?.is_member ? null : `Leadloop is not in <#${id}>: invite it there first (/invite @Leadloop)`;
        } catch (error) {
          const code = errorOf(error);
          return code === 'channel_not_found' ? `${id} is not a channel Leadloop can see (for a private channel, invite Leadloop first)` : `${id} could not be checked (${code})`;
        }
      });
    const user = (id: string) =>
      once(id, async () => {
        try {
          const info = await client.users.info({ user: id });
          if (info.user?.deleted) return `${id} is deactivated`;
          return info.user?.is_bot ? `${id} is a bot, not a rep` : null;
        } catch (error) {
          const code = errorOf(error);
          return code === 'user_not_found' ? `${id} is not a user of this workspace` : `${id} could not be checked (${code})`;
        }
      });
    const group = (id: string) =>
      once(id, async () => {
        try {
          await client.usergroups.users.list({ usergroup: id });
          return null;
        } catch (error) {
          const code = errorOf(error);
          return code === 'no_such_subteam' ? `${id} is not a user group of this workspace` : `${id} could not be checked (${code})`;
        }
      });
    for (const [index, queue] of routing.queues.entries()) {
      const problem = await channel(queue.channel);
      if (problem) problems.push({ field: `queues[${index}].channel`, message: problem });
      for (const [at, rep] of queue.reps.entries()) {
        const repProblem = await (rep.startsWith('S') ? group(rep) : user(rep));
        if (repProblem) problems.push({ field: `queues[${index}].reps[${at}]`, message: repProblem });
      }
    }
    return problems;
  };
}
