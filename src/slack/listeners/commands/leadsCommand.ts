import { mrkdwnSafe, oneLine } from '../../blocks/text.js';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { LeadDefinition } from '../../../definition/definition.js';
import { may, rolesOf, unconfigured, type Roles } from '../../../roles/roles.js';
import { newLeadModal } from '../../blocks/newLeadModal.js';
import { importModal } from '../../blocks/importModal.js';
import { settingsModal } from '../../blocks/settingsModal.js';
import { notices } from '../../blocks/notices.js';
import { accessSettings } from '../../../usecases/firstAdmin.js';
import { foundLeads, leadListPage, parseListArguments } from '../leadLists.js';
import { forgetCommand } from './forgetCommand.js';
import { definitionCommand } from './definitionCommand.js';
import type { Listeners } from '../deps.js';
import { statsCommand } from './statsCommand.js';
import { exportCommand } from './exportCommand.js';
import { awayCommand, backCommand } from './awayCommand.js';
import { crmCommand } from './crmCommand.js';
import { routingCommand } from './routingCommand.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Each subcommand, and who may use it: help lists only what the person can do. */
const SUBCOMMANDS: Array<{ usage: string; for: (roles: Roles, userId: string) => boolean }> = [
  { usage: '`/leads new` enter a lead by hand (marketing’s lead, posted for sales to claim)', for: (r, u) => may(r, u, 'enter_leads') && !may(r, u, 'own_prospects') },
  { usage: '`/leads new` record a prospect you found yourself (a call, a referral, an event): it is yours at once, never offered for claiming, and counts as sales-sourced', for: (r, u) => may(r, u, 'own_prospects') },
  { usage: '`/leads import` import leads from a CSV file (an `origin` column, or the import’s origin, says marketing or sales)', for: (r, u) => may(r, u, 'import_leads') },
  { usage: '`/leads list [unclaimed | mine | stale | nurture | rejected] [source:<s>]` a short list, with buttons to open each lead', for: (r, u) => may(r, u, 'read_contacts') },
  { usage: '`/leads find <email | company | name>` the matching leads, their stage, owner and history', for: (r, u) => may(r, u, 'read_contacts') },
  { usage: '`/leads stats [this week | last week | 30d | YYYY-MM-DD..YYYY-MM-DD] [source:<s>] [campaign:<c>] [origin:marketing|sales]` the closed-loop figures, marketing- and sales-sourced side by side', for: (r, u) => may(r, u, 'read') },
  { usage: '`/leads stats [period] by:rep` the same figures for each rep who took leads on', for: (r, u) => may(r, u, 'read_by_rep') },
  { usage: '`/leads export [period] [source:<s>] [campaign:<c>] [origin:<o>]` every lead of the period as a CSV, by direct message', for: (r, u) => may(r, u, 'export') },
  { usage: '`/leads definition` the lead definition sales and marketing agreed on, and how it performs: how often sales’ findings agree with marketing’s answers, conversion by score band and source, and a suggested change once 30 leads were checked (admins propose changes there)', for: () => true },
  { usage: '`/leads forget <email>` erase a person’s data', for: (r, u) => may(r, u, 'erase') },
  { usage: '`/leads settings` roles (people and user groups) and who hears about escalations (while Leadloop has no admin, a Slack workspace owner or admin opens them first)', for: (r, u) => rolesOf(r, u).admin || r.admins.length === 0 },
  { usage: '`/leads routing` the queues leads are routed to (by country or region, size, industry, source, campaign, score), in order, and their history (admins edit them there); `/leads routing why <lead>` which queue a lead went to, who got it by turn and who was passed over and why', for: (r, u) => may(r, u, 'read') },
  { usage: '`/leads crm` what HubSpot and Salesforce sent and what became of it: applied, kept until a claim, waiting for the lead, or dropped and why', for: (r, u) => rolesOf(r, u).admin },
  { usage: '`/leads away [until YYYY-MM-DD]` / `/leads back` pause reminders and round-robin for you', for: (r, u) => rolesOf(r, u).side === 'sales' },
];

/** What this person can do with /leads, one line each. */
function usageFor(roles: Roles, userId: string): string {
  const lines = SUBCOMMANDS.filter((c) => c.for(roles, userId)).map((c) => c.usage);
  if (unconfigured(roles)) lines.push('Nobody has a Leadloop role yet: a Slack workspace owner or admin starts by running `/leads settings`.');
  else if (!may(roles, userId, 'read_contacts')) lines.push('You have no Leadloop role yet; ask a Leadloop admin to add you to sales or marketing.');
  return lines.join('\n');
}

/** `/leads <subcommand>`: answered privately, inside Slack's 3 seconds. */
export function leadsCommand(deps: Listeners) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack } = args;
    const [subcommand = '', ...rest] = command.text.trim().split(/\s+/);
    switch (subcommand.toLowerCase()) {
      case 'definition':
        return definitionCommand(deps, args);
      case 'new':
        return openLeadEntryModal(deps, args, 'enter_leads', notices.onlyEnterLeads(), newLeadModal);
      case 'import':
        return openLeadEntryModal(deps, args, 'import_leads', notices.onlyImportLeads(), importModal);
      case 'settings': {
        const access = await accessSettings(command.user_id, {
          roles: deps.roles,
          isWorkspaceAdmin: deps.teamSettings.isWorkspaceAdmin,
          refreshRoles: deps.teamSettings.refresh,
          now: deps.now(),
        });
        if (access.kind === 'not_workspace_admin') return ack({ response_type: 'ephemeral', text: notices.onlyWorkspaceAdminsFirst() });
        if (access.kind === 'not_admin') return ack({ response_type: 'ephemeral', text: notices.onlyAdminsSettings() });
        await ack(access.becameFirstAdmin ? { response_type: 'ephemeral', text: 'You are Leadloop’s first admin. Add the others in the settings.' } : undefined);
        await args.client.views.open({ trigger_id: command.trigger_id, view: settingsModal(await deps.teamSettings.current(), deps.teamSettings.inForce()) });
        return;
      }
      case 'list': {
        const parsed = parseListArguments(rest.join(' '));
        if (!parsed.ok) return ack({ response_type: 'ephemeral', text: parsed.message });
        const answer = await leadListPage(deps, command.user_id, parsed.cursor);
        return ack({ response_type: 'ephemeral', text: answer.text, ...(answer.ok ? { blocks: answer.blocks } : {}) });
      }
      case 'find': {
        const answer = await foundLeads(deps, command.user_id, rest.join(' '));
        return ack({ response_type: 'ephemeral', text: answer.text, ...(answer.ok ? { blocks: answer.blocks } : {}) });
      }
      case 'forget':
        return forgetCommand(deps, args, rest.join(' '));
      case 'stats':
        return statsCommand(deps, args, rest.join(' '));
      case 'export':
        return exportCommand(deps, args, rest.join(' '));
      case 'crm':
        return crmCommand(deps, args);
      case 'routing':
        return routingCommand(deps, args, rest.join(' '));
      case 'away':
        return awayCommand(deps, args, rest.join(' '));
      case 'back':
        return backCommand(deps, args);
      case '':
      case 'help':
        return ack({ response_type: 'ephemeral', text: `What you can do:\n${usageFor(deps.roles, command.user_id)}` });
      default:
        return ack({ response_type: 'ephemeral', text: `I don’t know \`/leads ${mrkdwnSafe(oneLine([subcommand, ...rest].join(' ')), 200).replace(/`/g, "'")}\`. You can use:\n${usageFor(deps.roles, command.user_id)}` });
    }
  };
}

/** `/leads new` and `/leads import`: for people who enter leads, a modal built from the definition in force. */
async function openLeadEntryModal(
  deps: Listeners,
  { command, ack, client }: CommandArgs,
  action: 'enter_leads' | 'import_leads',
  refusal: string,
  modal: (definition: LeadDefinition, context: { channelId?: string }) => ModalView,
): Promise<void> {
  if (!may(deps.roles, command.user_id, action)) return ack({ response_type: 'ephemeral', text: refusal });
  await ack();
  const { definition } = await deps.definition();
  await client.views.open({ trigger_id: command.trigger_id, view: modal(definition, { channelId: command.channel_id }) });
}
