import type { App } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { notices } from './blocks/notices.js';
import { classifySlackError } from './slackErrors.js';

/**
 * The last stop for errors listeners did not expect: log them with context and
 * make sure the person who clicked still hears that nothing happened.
 */
export function registerErrorHandler(app: App, logger: Logger): void {
  app.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    logger.error({ err: original, slackError: classifySlackError(original).code, event: 'listener_error' }, 'a Slack listener failed');
  });
  app.use(async ({ next, client, body }) => {
    try {
      await next();
    } catch (error) {
      const b = body as { user?: { id?: string }; channel?: { id?: string }; container?: { channel_id?: string } };
      const channel = b.channel?.id ?? b.container?.channel_id;
      if (b.user?.id && channel) {
        await client.chat.postEphemeral({ channel, user: b.user.id, text: notices.unexpected() }).catch(() => undefined);
      }
      throw error;
    }
  });
}
