import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { rolesOf } from '../../../roles/roles.js';
import { changeRouting } from '../../../usecases/routing.js';
import type { Listeners } from '../deps.js';

/**
 * The admin's YAML becomes the next routing version, or the modal shows
 * every problem by its path (queues[1].channel: …) and nothing changes.
 */
export function routingSubmission(deps: Listeners) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const fieldError = (message: string) => ack({ response_action: 'errors', errors: { yaml: message.slice(0, 2000) } });
    const userId = body.user.id;
    if (!rolesOf(deps.roles, userId).admin) return fieldError('Only Leadloop admins can change the routing.');
    const { basedOn } = JSON.parse(view.private_metadata || '{}') as { basedOn?: number };
    const { definition } = await deps.definition();
    const result = await changeRouting(
      { text: view.state.values.yaml?.value?.value ?? '', basedOn: basedOn ?? 0, by: userId },
      { now: deps.now(), sizeBands: definition.company.size.map((s) => s.value), check: deps.routing.check },
    );
    if (result.kind === 'invalid') return fieldError(`Nothing was saved. ${result.problems.map((p) => `${p.field}: ${p.message}`).join('\n')}`);
    if (result.kind === 'stale') return fieldError(`Nothing was saved: the routing changed since you opened it (now version ${result.current.version}). Cancel and open /leads routing again.`);
    await ack();
    deps.routing.forget();
    deps.logger.info({ routingVersion: result.routing.version, queues: result.routing.routing.queues.length, by: userId, event: 'routing_changed' }, 'routing changed');
    await client.chat.postMessage({ channel: userId, text: `Routing version ${result.routing.version} is in force: ${result.routing.routing.queues.length} queue(s) before the default one. New leads are routed by it at once on this instance and within seconds on the others.` }).catch(() => undefined);
  };
}
