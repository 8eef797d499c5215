import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';

export type CommandAnswer = { text: string; blocks?: KnownBlock[] };

/**
 * A command's private answer within Slack's 3 seconds: with the
 * acknowledgement when `answer` is ready within `ms`; otherwise `meanwhile`
 * goes with it and the answer replaces it through response_url.
 * `answer` must not reject (it says itself what went wrong).
 */
export async function answerInTime(
  { ack, respond }: Pick<SlackCommandMiddlewareArgs & AllMiddlewareArgs, 'ack' | 'respond'>,
  answer: Promise<CommandAnswer>,
  ms: number,
  meanwhile: CommandAnswer,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  const inTime = await Promise.race([answer, late]);
  clearTimeout(timer);
  if (inTime) return ack({ response_type: 'ephemeral', ...inTime });
  await ack({ response_type: 'ephemeral', ...meanwhile });
  await respond({ response_type: 'ephemeral', replace_original: true, ...(await answer) });
}
