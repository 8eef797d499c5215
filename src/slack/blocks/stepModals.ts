import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { LeadDefinition } from '../../definition/definition.js';
import type { Lead } from '../../leads/lead.js';
import { mrkdwn, mrkdwnSafe, plain, truncate } from './text.js';

export const MODAL_REJECT = 'lead_reject_modal';
export const MODAL_WON = 'lead_won_modal';
export const MODAL_LOST = 'lead_lost_modal';

/** Where the modal came from, so its answer lands on the right lead and channel. */
export type ModalContext = { leadId: string; channelId?: string };

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'INR', 'BRL'];

export function rejectModal(lead: Lead, definition: LeadDefinition, context: ModalContext): ModalView {
  return modal(MODAL_REJECT, 'Not a lead', context, [
    intro(lead, 'Why is this not a lead? Marketing sees your answer.'),
    select('reason', 'Reason', definition.rejectionReasons),
    note('Anything marketing should know'),
  ]);
}

export function lostModal(lead: Lead, definition: LeadDefinition, context: ModalContext): ModalView {
  return modal(MODAL_LOST, 'Deal lost', context, [intro(lead, 'Why was it lost?'), select('reason', 'Reason', definition.lostReasons), note('What happened')]);
}

export function wonModal(lead: Lead, context: ModalContext): ModalView {
  const currencies = CURRENCIES.map((c) => option(c, c));
  return modal(MODAL_WON, 'Deal won', context, [
    intro(lead, 'Congratulations! What was it worth?'),
    {
      type: 'input',
      block_id: 'amount',
      label: plain('Amount', 2000),
      element: { type: 'number_input', action_id: 'value', is_decimal_allowed: true, min_value: '0.01' },
    },
    {
      type: 'input',
      block_id: 'currency',
      label: plain('Currency', 2000),
      element: { type: 'static_select', action_id: 'value', options: currencies, initial_option: currencies[0] },
    },
  ]);
}

function modal(callbackId: string, title: string, context: ModalContext, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(context),
    blocks,
  };
}

function intro(lead: Lead, question: string): KnownBlock {
  const who = [lead.contact.name ?? lead.contact.email, lead.company.name].filter(Boolean).join(' · ');
  return { type: 'section', text: mrkdwn(truncate(`*${mrkdwnSafe(who || 'This lead', 200)}*\n${question}`, 3000)) };
}

function select(blockId: string, label: string, reasons: Array<{ key: string; label: string }>): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element: { type: 'static_select', action_id: 'value', placeholder: plain('Choose…', 150), options: reasons.slice(0, 100).map((r) => option(r.label, r.key)) },
  };
}

function note(label: string): KnownBlock {
  return {
    type: 'input',
    block_id: 'note',
    optional: true,
    label: plain(label, 2000),
    element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1000 },
  };
}

function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, 75), value: value.slice(0, 75) };
}
