import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parse } from 'yaml';
import { rolesOf } from '../../../roles/roles.js';
import { proposeDefinitionChange } from '../../../usecases/leadDefinition.js';
import type { Listeners } from '../deps.js';

/** The admin's YAML becomes a proposal (or, where no approval is needed, the definition in force). */
export function definitionSubmission(deps: Listeners) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const fieldError = (message: string) => ack({ response_action: 'errors', errors: { yaml: message.slice(0, 2000) } });
    if (!rolesOf(deps.roles, body.user.id).admin) return fieldError('Only Leadloop admins can change the lead definition.');
    let raw: unknown;
    try {
      raw = parse(view.state.values.yaml?.value?.value ?? '');
    } catch (error) {
      return fieldError(`This is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    const result = await proposeDefinitionChange(raw, body.user.id, deps.now());
    if (result.kind === 'refused') return fieldError(result.reasons.join('; '));
    await ack();
    deps.logger.info({ definitionVersion: result.version.version, outcome: result.kind, event: 'definition_proposed' }, 'lead definition change proposed');
    const channel = (JSON.parse(view.private_metadata || '{}') as { channelId?: string }).channelId;
    if (!channel) return;
    const text =
      result.kind === 'activated'
        ? `Lead definition v${result.version.version} is now in force.`
        : `Proposed v${result.version.version}: ${result.version.changes.length} change(s). It takes effect when one person from sales and one from marketing approve it (\`/leads definition\`).`;
    await client.chat.postEphemeral({ channel, user: body.user.id, text });
  };
}
