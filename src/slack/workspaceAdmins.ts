import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';

/** Whether Slack says the person is a workspace owner or admin (users.info); no answer means no. */
export function workspaceAdminCheck(client: WebClient, logger: Logger) {
  return async (user: string): Promise<boolean> => {
    try {
      const { user: info } = await client.users.info({ user });
      return Boolean(info?.is_owner || info?.is_primary_owner || info?.is_admin);
    } catch (error) {
      // Not known to Slack, or Slack unreachable: nobody becomes admin on an unanswered question.
      logger.warn({ user, err: error, event: 'workspace_admin_check_failed' }, 'could not ask Slack whether this person is a workspace admin');
      return false;
    }
  };
}
