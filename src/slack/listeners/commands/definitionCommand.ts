import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { rolesOf } from '../../../roles/roles.js';
import { howTheDefinitionPerforms } from '../../../usecases/definitionPerformance.js';
import { definitionInForce, pendingProposals } from '../../../usecases/leadDefinition.js';
import { performanceBlocks } from '../../blocks/definitionPerformanceView.js';
import { definitionView } from '../../blocks/definitionView.js';
import { LIMITS } from '../../blocks/text.js';
import type { Listeners } from '../deps.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/leads definition`: the agreement, and right under it how it performs
 * (computed from history). When counting takes longer than Slack allows,
 * the agreement goes out at once and the figures follow in its place.
 */
export async function definitionCommand(deps: Listeners, { command, ack, respond }: CommandArgs): Promise<void> {
  const [active, proposals] = await Promise.all([definitionInForce(), pendingProposals()]);
  if (!active) return ack({ response_type: 'ephemeral', text: 'There is no lead definition yet; restart Leadloop to create it.' });
  const viewer = rolesOf(deps.roles, command.user_id);
  const agreement = definitionView(active, proposals, viewer);
  const text = `Lead definition v${active.version}`;
  const withFigures = howTheDefinitionPerforms(deps.now(), { version: active.version, definition: active.definition })
    .then((p): KnownBlock[] => [...agreement, { type: 'divider' } as KnownBlock, ...performanceBlocks(p, { version: active.version, admin: viewer.admin })].slice(0, LIMITS.blocksPerMessage))
    .catch((error: unknown): KnownBlock[] => {
      deps.logger.error({ err: error, event: 'definition_performance_failed' }, 'could not compute how the definition performs');
      return agreement;
    });
  const inTime = await Promise.race([withFigures, new Promise<null>((resolve) => setTimeout(() => resolve(null), deps.commandAnswerMs))]);
  if (inTime) return ack({ response_type: 'ephemeral', text, blocks: inTime });
  await ack({ response_type: 'ephemeral', text, blocks: [...agreement, { type: 'context', elements: [{ type: 'mrkdwn', text: '_How it performs: counting…_' }] }].slice(0, LIMITS.blocksPerMessage) });
  await respond({ response_type: 'ephemeral', replace_original: true, text, blocks: await withFigures });
}
