import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import type { LeadDefinition } from '../../definition/definition.js';
import { plain } from './text.js';

export const MODAL_NEW_LEAD = 'lead_new_modal';

/**
 * The fields of a lead, as `/leads new` asks for them. Each block id is the
 * API's field path (contact.email, qualification.budget), so a field error
 * from intake lands on its input.
 */
const TEXT_FIELDS: Array<{ field: string; label: string; optional: boolean; hint?: string; multiline?: boolean }> = [
  { field: 'contact.name', label: 'Name', optional: true },
  { field: 'contact.email', label: 'Email', optional: true, hint: 'A lead with the same email is merged into the one already there, never duplicated.' },
  { field: 'contact.phone', label: 'Phone', optional: true },
  { field: 'contact.title', label: 'Job title', optional: true },
  { field: 'company.name', label: 'Company', optional: true },
  { field: 'company.domain', label: 'Company website domain', optional: true },
  { field: 'company.size', label: 'Company size', optional: true, hint: 'As your forms send it, e.g. 51-200' },
  { field: 'company.industry', label: 'Industry', optional: true },
  { field: 'company.country', label: 'Country', optional: true },
  { field: 'source', label: 'Source', optional: true, hint: 'e.g. event, webinar, referral' },
  { field: 'campaign', label: 'Campaign', optional: true },
  { field: 'note', label: 'Note for sales', optional: true, multiline: true },
];

export function newLeadModal(definition: LeadDefinition, context: { channelId?: string }): ModalView {
  const text = (f: (typeof TEXT_FIELDS)[number]): InputBlock => ({
    type: 'input',
    block_id: f.field,
    optional: f.optional,
    label: plain(f.label, 2000),
    ...(f.hint ? { hint: plain(f.hint, 2000) } : {}),
    element: { type: 'plain_text_input', action_id: 'value', multiline: f.multiline ?? false, max_length: f.multiline ? 2000 : 200 },
  });
  const questions: InputBlock[] = definition.questions.map((q) => ({
    type: 'input',
    block_id: `qualification.${q.key}`,
    optional: !q.required,
    label: plain(q.label, 2000),
    element: {
      type: 'static_select',
      action_id: 'value',
      placeholder: plain('Choose', 150),
      options: q.answers.map((a) => ({ text: plain(a.label, 75), value: a.value })),
    },
  }));
  const blocks: KnownBlock[] = [
    ...TEXT_FIELDS.slice(0, 9).map(text),
    { type: 'header', text: plain('Qualification', 150) },
    ...questions,
    ...TEXT_FIELDS.slice(9).map(text),
  ];
  return {
    type: 'modal',
    callback_id: MODAL_NEW_LEAD,
    title: plain('New lead', 24),
    submit: plain('Add lead', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(context),
    blocks,
  };
}

/** The modal's answers as the intake API's JSON, leaving out what was left empty. */
export function leadFromModal(values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>): Record<string, unknown> {
  const lead: Record<string, any> = {};
  const set = (field: string, value: string) => {
    const path = field.split('.');
    let target = lead;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path.at(-1)!] = value;
  };
  for (const [field, actions] of Object.entries(values)) {
    const action = actions.value;
    const value = action?.selected_option?.value ?? action?.value ?? null;
    if (value !== null && value.trim() !== '') set(field, value.trim());
  }
  return lead;
}
