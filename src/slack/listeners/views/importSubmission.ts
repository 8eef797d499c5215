import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { may } from '../../../roles/roles.js';
import { importLeads } from '../../../usecases/importLeads.js';
import { importProgressText, importSummaryText } from '../../blocks/importModal.js';
import { mrkdwnSafe } from '../../blocks/text.js';
import { notices } from '../../blocks/notices.js';
import type { Listeners } from '../deps.js';

/** Files larger than this are refused before download (50,000 rows of a wide CSV). */
const MAX_BYTES = 20 * 1024 * 1024;

type UploadedFile = { id: string; name: string; size?: number; url_private_download?: string; url_private?: string };

/**
 * The import modal: the file is checked, the modal closes, and the person
 * follows the import in a direct message that shows progress and ends with
 * the summary.
 */
export function importSubmission(deps: Listeners) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    if (!may(deps.roles, userId, 'import_leads')) return ack({ response_action: 'errors', errors: { file: notices.onlyImportLeads() } });
    const file = (view.state.values.file?.value as unknown as { files?: UploadedFile[] } | undefined)?.files?.[0];
    if (!file) return ack({ response_action: 'errors', errors: { file: 'Choose a CSV file.' } });
    if (!/\.csv$/i.test(file.name)) return ack({ response_action: 'errors', errors: { file: 'Choose a .csv file.' } });
    if ((file.size ?? 0) > MAX_BYTES) return ack({ response_action: 'errors', errors: { file: `The file is larger than ${MAX_BYTES / 1024 / 1024} MB; split it.` } });
    const values = view.state.values as Record<string, Record<string, { selected_option?: { value?: string } | null; selected_user?: string | null; value?: string | null }>>;
    const origin = values.origin?.value?.selected_option?.value === 'sales' ? 'sales' : 'marketing';
    const owner = values.owner?.value?.selected_user ?? undefined;
    const source = values.source?.value?.value?.trim() || undefined;
    const campaign = values.campaign?.value?.value?.trim() || undefined;
    const answers = Object.fromEntries(
      Object.entries(values).flatMap(([blockId, input]) => {
        const key = /^answer\.([a-z][a-z0-9_]{0,39})$/.exec(blockId)?.[1];
        const value = input.value?.selected_option?.value;
        return key && value ? [[key, value]] : [];
      }),
    );
    if (owner && !may(deps.roles, owner, 'own_prospects')) return ack({ response_action: 'errors', errors: { owner: 'This person is not in sales; a prospect belongs to a rep.' } });
    await ack();

    const name = file.name;
    const note = await client.chat.postMessage({ channel: userId, text: `Importing ${mrkdwnSafe(name, 200)}…` });
    const update = (text: string) =>
      client.chat.update({ channel: note.channel!, ts: note.ts!, text }).catch((error: unknown) => {
        deps.logger.warn({ err: error, event: 'import_progress_failed' }, 'could not show the import’s progress');
      });
    try {
      const url = file.url_private_download ?? file.url_private;
      if (!url) throw new Error('Slack gave no download link for the file');
      const response = await fetch(url, { headers: { authorization: `Bearer ${client.token}` } });
      // Without the files:read scope Slack answers with its sign-in page instead of the file.
      if (!response.ok || (response.headers.get('content-type') ?? '').startsWith('text/html')) {
        await update(`Nothing was imported from ${mrkdwnSafe(name, 200)}. Slack did not hand over the file (it answered ${response.status}${response.ok ? ' with a web page' : ''}): the Leadloop app needs the \`files:read\` scope. Ask an admin to add it and reinstall the app (see slack-manifest.yml), then import again.`);
        return;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const outcome = await importLeads(bytes, { kind: 'user', userId }, { ...deps, onProgress: (done, total) => void update(importProgressText(name, done, total)) }, { origin, owner, source, campaign, answers });
      if (!outcome.ok) {
        await update(`Nothing was imported from ${mrkdwnSafe(name, 200)}. ${mrkdwnSafe(outcome.problem, 1000)}`);
        return;
      }
      const s = outcome.summary;
      deps.logger.info({ rows: s.rows, created: s.created, merged: s.merged, rejected: s.rejected.length, by: userId, event: 'leads_imported' }, 'CSV import finished');
      await update(importSummaryText(name, s));
    } catch (error) {
      const why = (error as Error).message;
      deps.logger.error({ err: error, by: userId, event: 'import_failed' }, 'CSV import failed');
      await update(`The import of ${mrkdwnSafe(name, 200)} stopped: ${mrkdwnSafe(why, 500)}. Rows imported before this are kept; importing the file again merges them instead of duplicating.`);
    }
  };
}
