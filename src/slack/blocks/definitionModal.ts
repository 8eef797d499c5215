import type { ModalView } from '@slack/types';
import { plain } from './text.js';

export const MODAL_DEFINITION = 'definition_propose_modal';
/** Slack's limit for a plain_text_input. */
export const MAX_DEFINITION_TEXT = 3000;

/** An admin edits the definition as YAML, the same format as config/lead-definition.yml. */
export function definitionModal(yaml: string, basedOn: number, channelId?: string): ModalView {
  return {
    type: 'modal',
    callback_id: MODAL_DEFINITION,
    title: plain('Change definition', 24),
    submit: plain('Propose', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ basedOn, ...(channelId ? { channelId } : {}) }),
    blocks: [
      {
        type: 'input',
        block_id: 'yaml',
        label: plain(`Lead definition (based on v${basedOn})`, 2000),
        hint: plain('Same format as config/lead-definition.yml. Saving proposes a new version; both teams approve it before it takes effect.', 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, initial_value: yaml, max_length: MAX_DEFINITION_TEXT },
      },
    ],
  };
}
