import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parsePeriod, PERIOD_USAGE } from '../../../reports/periods.js';
import { may } from '../../../roles/roles.js';
import { exportLeads } from '../../../usecases/exportLeads.js';
import { shareFileFromDisk } from '../../fileUpload.js';
import { fileNameSafe } from '../../blocks/text.js';
import type { Listeners } from '../deps.js';
import { parseStatsArguments } from './statsArguments.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const EXPORT_USAGE = `Usage: \`/leads export [period] [source:<s>] [campaign:<c>] [queue:<q>] [origin:marketing|sales]\`, where the period is ${PERIOD_USAGE} (this week if left out).`;

/**
 * `/leads export …`: every lead of the period as a CSV, sent to the person in
 * a direct message. Summing its columns gives the figures of `/leads stats`
 * for the same period and filters (README: "Closed-loop reports").
 */
export async function exportCommand(deps: Listeners, { command, ack, client }: CommandArgs, text: string): Promise<void> {
  const userId = command.user_id;
  if (!may(deps.roles, userId, 'export')) return ack({ response_type: 'ephemeral', text: 'The export is for marketing and admins; `/leads stats` shows the figures.' });
  const args = parseStatsArguments(text);
  if (!args.ok || args.byRep) return ack({ response_type: 'ephemeral', text: `${args.ok ? 'The export has a row per lead; leave out `by:rep`.' : args.message.replace(/Usage: .*$/, '')} ${EXPORT_USAGE}`.trim() });
  const period = parsePeriod(args.periodText, deps.now(), deps.timeZone());
  if (!period.ok) return ack({ response_type: 'ephemeral', text: `${period.message} ${EXPORT_USAGE}` });
  await ack({ response_type: 'ephemeral', text: `Exporting the leads of ${period.period.label}; the file will arrive in a direct message from me.` });

  const dir = await mkdtemp(join(tmpdir(), 'leadloop-export-'));
  const label = period.period.label.replace(/[^\w.-]+/g, '-');
  const path = join(dir, `leads-${label}.csv`);
  try {
    const questions = (await deps.definition()).definition.questions.map((q) => q.key);
    const { rows } = await exportLeads(period.period, args.filter, createWriteStream(path), questions);
    const dm = await client.conversations.open({ users: userId });
    const scope = [args.filter.source !== undefined ? `source ${args.filter.source}` : '', args.filter.campaign !== undefined ? `campaign ${args.filter.campaign}` : '', args.filter.queue !== undefined ? `queue ${args.filter.queue}` : ''].filter(Boolean).join(', ');
    await shareFileFromDisk(client, {
      path,
      filename: fileNameSafe(`leadloop-leads-${label}.csv`),
      title: fileNameSafe(`Leads · ${period.period.label}${scope ? ` · ${scope}` : ''}`),
      channelId: dm.channel!.id!,
      comment: `${rows} lead${rows === 1 ? '' : 's'} of ${period.period.label}${scope ? ` (${scope})` : ''}, one row each. Sum a column (mql, claimed, accepted, sql, won…) to get the figure of \`/leads stats\` for the same period.`,
    });
    deps.logger.info({ user: userId, rows, event: 'leads_exported' }, 'leads exported');
  } catch (error) {
    deps.logger.error({ err: error, user: userId, event: 'export_failed' }, 'could not export the leads');
    await client.chat.postMessage({ channel: userId, text: 'Sorry, I could not export the leads just now. Please try again in a minute.' }).catch(() => undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
