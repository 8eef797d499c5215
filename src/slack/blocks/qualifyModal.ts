import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { LeadDefinition } from '../../definition/definition.js';
import type { Lead } from '../../leads/lead.js';
import { mrkdwn, mrkdwnSafe, oneLine, plain, truncate } from './text.js';

export const MODAL_QUALIFY = 'lead_qualify_modal';
export const ACTION_QUALIFY = 'lead_qualify';

/** Which lead, where the click came from, the definition version the form was made for, and whether it books the meeting too. */
export type QualifyContext = { leadId: string; channelId?: string; version: number; meeting: boolean };

/**
 * Sales' qualification: the definition's questions, each pre-filled with the
 * answer the lead came with (said so under it), for the rep to confirm or
 * correct. With *Meeting booked* it also moves the lead to SQL.
 */
export function qualifyModal(lead: Lead, active: { version: number; definition: LeadDefinition }, context: QualifyContext): ModalView {
  const who = [lead.contact.name ?? lead.contact.email, lead.company.name].filter(Boolean).join(' · ');
  const found = new Map((lead.findings?.answers ?? []).map((a) => [a.key, a.found]));
  const questions: KnownBlock[] = active.definition.questions.map((question) => {
    const options: PlainTextOption[] = question.answers.map((a) => ({ text: plain(a.label, 75), value: a.value }));
    const intake = lead.qualification[question.key];
    const intakeAnswer = question.answers.find((a) => a.value === intake);
    // Earlier findings first (the rep's own word), then what the lead came with.
    const initial = options.find((o) => o.value === (found.get(question.key) ?? intakeAnswer?.value));
    return {
      type: 'input',
      block_id: `qualification.${question.key}`,
      label: plain(question.label, 2000),
      hint: plain(intakeAnswer ? `Came with: ${intakeAnswer.label} (marketing’s answer). Confirm it or pick what you found.` : 'The lead came without an answer here: pick what you found.', 2000),
      element: { type: 'static_select', action_id: 'value', placeholder: plain('What did you find?', 150), options, ...(initial ? { initial_option: initial } : {}) },
    };
  });
  return {
    type: 'modal',
    callback_id: MODAL_QUALIFY,
    title: plain(context.meeting ? 'Meeting booked' : 'Qualify', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(context),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          truncate(
            `*${mrkdwnSafe(oneLine(who || 'This lead'), 200)}*\n${context.meeting ? 'The meeting is where you find out: ' : ''}what did you learn by asking? Confirm or correct each answer. Marketing sees how often its answers hold up (definition v${active.version}).`,
            3000,
          ),
        ),
      },
      ...questions,
    ],
  };
}

/** What the rep picked, by question key, from the submitted form. */
export function answersFromQualifyModal(values: Record<string, Record<string, { selected_option?: { value?: string } | null }>>): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const [blockId, inputs] of Object.entries(values)) {
    const key = /^qualification\.([a-z][a-z0-9_]{0,39})$/.exec(blockId)?.[1];
    const value = inputs.value?.selected_option?.value;
    if (key && value) answers[key] = value;
  }
  return answers;
}

export function qualifyContextOf(metadata: string): QualifyContext | null {
  try {
    const parsed = JSON.parse(metadata) as Partial<QualifyContext>;
    if (typeof parsed.leadId !== 'string' || typeof parsed.version !== 'number') return null;
    return { leadId: parsed.leadId, version: parsed.version, meeting: parsed.meeting === true, ...(typeof parsed.channelId === 'string' ? { channelId: parsed.channelId } : {}) };
  } catch {
    return null;
  }
}
