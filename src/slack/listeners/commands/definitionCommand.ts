import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { rolesOf } from '../../../roles/roles.js';
import { howTheDefinitionPerforms } from '../../../usecases/definitionPerformance.js';
import { definitionInForce, pendingProposals } from '../../../usecases/leadDefinition.js';
import { performanceBlocks } from '../../blocks/definitionPerformanceView.js';
import { definitionView } from '../../blocks/definitionView.js';
import { LIMITS } from '../../blocks/text.js';
import type { Listeners } from '../deps.js';
import { answerInTime } from './answerInTime.js';

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
    .then((p) => ({ text, blocks: [...agreement, { type: 'divider' } as KnownBlock, ...performanceBlocks(p, { version: active.version, admin: viewer.admin })].slice(0, LIMITS.blocksPerMessage) }))
    .catch((error: unknown) => {
      deps.logger.error({ err: error, event: 'definition_performance_failed' }, 'could not compute how the definition performs');
      return { text, blocks: agreement };
    });
  const counting: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: '_How it performs: counting…_' }] };
  await answerInTime({ ack, respond }, withFigures, deps.commandAnswerMs, { text, blocks: [...agreement, counting].slice(0, LIMITS.blocksPerMessage) });
}
