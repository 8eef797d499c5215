import type { KnownBlock, ModalView } from '@slack/types';
import type { LeadDefinition } from '../../definition/definition.js';
import { MAX_IMPORT_ROWS } from '../../leads/csvImport.js';
import type { ImportSummary } from '../../usecases/importLeads.js';
import { cutAtLine, mrkdwn, mrkdwnSafe, plain } from './text.js';

export const MODAL_IMPORT = 'lead_import_modal';

const ORIGIN_OPTIONS = [
  { text: plain('Marketing’s (posted for sales to claim)', 75), value: 'marketing' },
  { text: plain('Sales-sourced (a rep’s own prospects)', 75), value: 'sales' },
];

export function importModal(definition: LeadDefinition, context: { channelId?: string }): ModalView {
  const questions = definition.questions.map((q) => `\`${q.key}\``).join(', ');
  return {
    type: 'modal',
    callback_id: MODAL_IMPORT,
    title: plain('Import leads', 24),
    submit: plain('Import', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(context),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `A CSV with a header line, as you saved it (UTF-8, UTF-16 or Windows-1252; commas, semicolons or tabs). Exports from HubSpot, Salesforce (Data Loader), Pipedrive and Google Ads lead forms are read as they are; columns are otherwise matched by name: \`email\`, \`name\` (or \`first_name\`, \`last_name\`), \`phone\`, \`mobile\`, \`title\`, \`company\`, \`website\` or \`domain\`, \`size\` or \`employees\`, \`industry\`, \`country\`, \`source\`, \`campaign\`, \`note\` or \`message\`, \`external_id\`, \`origin\` (marketing or sales) with \`owner_slack_id\` for a rep's own prospects, and the definition's questions: ${questions}. Up to ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows. Each row is checked, merged and qualified like a lead from the API; a file that cannot be read imports nothing.`,
        ),
      },
      { type: 'input', block_id: 'file', label: plain('CSV file', 2000), element: { type: 'file_input', action_id: 'value', filetypes: ['csv'], max_files: 1 } },
      {
        type: 'input',
        block_id: 'origin',
        optional: true,
        label: plain('Whose leads are these?', 2000),
        hint: plain('For rows without an origin column. Sales-sourced leads belong to a rep at once and are never offered for claiming.', 2000),
        element: {
          type: 'static_select',
          action_id: 'value',
          initial_option: ORIGIN_OPTIONS[0],
          options: ORIGIN_OPTIONS,
        },
      },
      {
        type: 'input',
        block_id: 'owner',
        optional: true,
        label: plain('Rep who owns sales-sourced rows', 2000),
        hint: plain('For sales-sourced rows without an owner_slack_id column; must be in sales.', 2000),
        element: { type: 'users_select', action_id: 'value' },
      },
      { type: 'header', text: plain('What holds for every row', 150) },
      {
        type: 'context',
        elements: [mrkdwn('Exports rarely carry the definition’s answers. Say what you know of the whole file (badge scans from a trade show: the source, the campaign, *Need* = some); rows keep their own values where they have them.')],
      },
      textInput('source', 'Source', 'e.g. trade-show'),
      textInput('campaign', 'Campaign', 'e.g. logistics-expo-2026'),
      ...definition.questions.map((q) => ({
        type: 'input' as const,
        block_id: `answer.${q.key}`,
        optional: true,
        label: plain(q.label, 2000),
        element: { type: 'static_select' as const, action_id: 'value', placeholder: plain('Leave as each row says', 150), options: q.answers.map((a) => ({ text: plain(a.label, 75), value: a.value })) },
      })),
    ],
  };
}

function textInput(blockId: string, label: string, hint: string): KnownBlock {
  return { type: 'input', block_id: blockId, optional: true, label: plain(label, 2000), hint: plain(`For rows without one, ${hint}`, 2000), element: { type: 'plain_text_input', action_id: 'value', max_length: 200 } };
}

export function importProgressText(name: string, done: number, total: number): string {
  return `Importing ${mrkdwnSafe(name, 200)}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows…`;
}

/** Rejected rows listed one by one before the rest are only counted. */
const LISTED_REJECTIONS = 100;

/**
 * The import's outcome: counts, how the file was read, the refused rows with
 * their reasons, and every column that was not imported. Sent as a
 * message's text (Slack keeps up to 40,000 characters), cut only between lines.
 */
export function importSummaryText(name: string, s: ImportSummary): string {
  const lines = [
    `*Imported ${mrkdwnSafe(name, 200)}*: ${s.rows.toLocaleString('en-US')} row${s.rows === 1 ? '' : 's'} — ${s.created.toLocaleString('en-US')} created, ${s.merged.toLocaleString('en-US')} merged into existing leads, ${s.rejected.length.toLocaleString('en-US')} rejected.`,
    `${s.toSales.toLocaleString('en-US')} went to sales, ${s.toNurture.toLocaleString('en-US')} to nurture${s.topUnmet.length ? ` (most often: ${s.topUnmet.map((u) => `${mrkdwnSafe(u.reason, 120)} (${u.count.toLocaleString('en-US')})`).join('; ')})` : ''}.`,
    `Read as ${s.encoding}${s.system ? `, a ${SYSTEM_NAMES[s.system] ?? s.system} export (record ids kept as \`${s.system}:<id>\`)` : ''}.`,
  ];
  if (s.rejected.length) {
    lines.push('Rejected rows (fix them and import just those again):');
    for (const r of s.rejected.slice(0, LISTED_REJECTIONS)) lines.push(`• row ${r.row}: ${mrkdwnSafe(r.reason, 300)}`);
    if (s.rejected.length > LISTED_REJECTIONS) lines.push(`…and ${s.rejected.length - LISTED_REJECTIONS} more.`);
  }
  if (s.ignoredColumns.length) lines.push(`Columns not imported (no matching field): ${s.ignoredColumns.map((c) => mrkdwnSafe(c, 60)).join(', ')}.`);
  return cutAtLine(lines.join('\n'), 39_000);
}

const SYSTEM_NAMES: Record<string, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive', zoho: 'Zoho CRM', googleads: 'Google Ads lead form', linkedin: 'LinkedIn Lead Gen Forms' };
