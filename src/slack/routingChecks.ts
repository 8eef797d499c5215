import type { WebClient } from '@slack/web-api';
import type { FieldError } from '../leads/fieldErrors.js';
import type { Routing } from '../routing/routing.js';
import type { Logger } from '../logger.js';
import type { SlackRoutingCheck } from '../usecases/routing.js';

const errorOf = (error: unknown) => (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;

/**
 * What only Slack knows about a routing: each queue's channel exists and
 * Leadloop is in it (conversations.info `is_member`), each rep is a user of
 * the workspace and not deactivated (users.info), each user group exists
 * (usergroups.users.list). Each id is asked once per check. Only Slack's
 * definite answers are problems; when Slack cannot say (a missing scope, an
 * outage), that is logged and the routing is not held up by it.
 */
export function slackRoutingCheck(client: WebClient, logger?: Logger): SlackRoutingCheck {
  return async (routing: Routing) => {
    const problems: FieldError[] = [];
    const asked = new Map<string, Promise<string | null>>();
    /** Slack could not say (missing scope, outage): not a problem of the routing. */
    const unsure = (id: string, code: string) => {
      logger?.warn({ id, slackError: code, event: 'routing_check_unsure' }, `could not check ${id} in Slack (${code}); the routing is used as written`);
      return null;
    };
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
          if (code === 'channel_not_found') return `${id} is not a channel Leadloop can see (for a private channel, invite Leadloop first)`;
          return unsure(id, code);
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
          if (code === 'user_not_found') return `${id} is not a user of this workspace`;
          return unsure(id, code);
        }
      });
    const group = (id: string) =>
      once(id, async () => {
        try {
          await client.usergroups.users.list({ usergroup: id });
          return null;
        } catch (error) {
          const code = errorOf(error);
          if (code === 'no_such_subteam') return `${id} is not a user group of this workspace`;
          return unsure(id, code);
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
