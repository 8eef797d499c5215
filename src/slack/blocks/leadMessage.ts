import { stageName } from '../../leads/stageNames.js';
import type { ActionsBlock, KnownBlock } from '@slack/types';
import { OPEN_STAGES, type Lead } from '../../leads/lead.js';
import { ACTION_QUALIFY } from './qualifyModal.js';
import { nextSteps, type Step } from '../../leads/lifecycle.js';
import { shortDuration } from './duration.js';
import { LIMITS, mrkdwn, mrkdwnSafe, oneLine, plain, slackDate, truncate } from './text.js';

export const ACTION_CLAIM = 'lead_claim';
export const ACTION_RELEASE = 'lead_release';
/** One action id per step: lead_step_accept, lead_step_won, … */
export const stepActionId = (step: Step) => `lead_step_${step}`;

const STEP_BUTTONS: Record<Step, { text: string; style?: 'primary' | 'danger' }> = {
  accept: { text: 'Accept', style: 'primary' },
  reject: { text: 'Not a lead', style: 'danger' },
  contacted: { text: 'Contacted' },
  meeting: { text: 'Meeting booked' },
  opportunity: { text: 'Opportunity' },
  won: { text: 'Won', style: 'primary' },
  lost: { text: 'Lost' },
};
/** Message metadata that marks a message as a lead's post (lets a retry find it). */
export const LEAD_METADATA_EVENT = 'leadloop_lead_posted';

export type LeadMessage = { text: string; blocks: KnownBlock[] };

/**
 * The leads-channel message for a lead, rendered from its current state.
 * The message is always re-rendered from the database, never patched, so it
 * cannot drift from what is stored.
 */
export function leadMessage(lead: Lead): LeadMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${lead.origin === 'sales' ? 'Your prospect' : 'New lead'}: ${leadTitle(lead)}`, LIMITS.headerText) },
    { type: 'section', fields: facts(lead) },
  ];
  const answers = qualificationLines(lead);
  if (answers) blocks.push({ type: 'section', text: mrkdwn(answers) });
  if (lead.note) {
    blocks.push({ type: 'section', text: mrkdwn(`*Note*\n${mrkdwnSafe(lead.note, LIMITS.sectionText - 10)}`) });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn(`Received ${slackDate(lead.receivedAt)} · Stage: *${stageName(lead)}* · Lead \`${lead.id}\``)],
  });
  const account = accountLine(lead);
  if (account) blocks.push({ type: 'context', elements: [mrkdwn(account)] });
  if (lead.pendingSteps?.length) {
    const steps = lead.pendingSteps.map((p) => (p.step === 'meeting' ? 'SQL' : p.step === 'won' && p.details?.amount && p.details.currency ? `won ${formatAmount(p.details.amount, p.details.currency)}` : p.step)).join(', ');
    blocks.push({ type: 'context', elements: [mrkdwn(`:hourglass: The CRM already reported: ${mrkdwnSafe(steps, 500)}. It is recorded when someone claims the lead.`)] });
  }
  blocks.push(...claimSection(lead));
  return { text: fallbackText(lead), blocks };
}

/**
 * The plainest message a lead can have: who it is (escaped, short), its
 * stage, and the buttons that fit its stage. What Leadloop posts when Slack
 * refuses the full message, so a lead is never lost to its own content.
 */
export function minimalLeadMessage(lead: Lead): LeadMessage {
  const who = mrkdwnSafe(oneLine(leadTitle(lead)), 200);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(`*New lead:* ${who}\nStage: *${stageName(lead)}*${lead.owner ? ` · owner <@${lead.owner.userId}>` : ''} · Lead \`${lead.id}\` (\`/leads find\` shows the details)`),
    },
    // The buttons its stage needs: Claim while it waits, the next steps once owned.
    ...claimSection(lead).filter((block) => block.type === 'actions'),
  ];
  return { text: truncate(`New lead: ${who}`, 500), blocks };
}

/**
 * The company's history in Leadloop, for the rep before they call:
 * "Existing account: 3 leads, owner @rep · won 1 ($48,000.00) · lost 1 · 1 open opportunity".
 */
function accountLine(lead: Lead): string | null {
  const a = lead.account;
  if (!a) return null;
  const parts = [`:office: *Existing account:* ${a.leads} earlier lead${a.leads === 1 ? '' : 's'}${a.owner ? `, owner <@${a.owner.userId}>` : ''}`];
  if (a.won) parts.push(`won ${a.won}${a.revenue.length ? ` (${a.revenue.map((r) => formatAmount(r.amount, r.currency)).join(' + ')})` : ''}`);
  if (a.lost) parts.push(`lost ${a.lost}`);
  if (a.openOpportunities) parts.push(`${a.openOpportunities} open opportunit${a.openOpportunities === 1 ? 'y' : 'ies'}`);
  if (a.open - a.openOpportunities > 0) parts.push(`${a.open - a.openOpportunities} other open`);
  return parts.join(' · ');
}

/** Who the lead is, in a few words: "Dana Whitfield · Northwind Freight", by email when there is no name. Not escaped. */
export function leadTitle(lead: Lead, unnamed = 'Unnamed contact'): string {
  const name = lead.contact.name ?? lead.contact.email ?? unnamed;
  return lead.company.name ? `${name} · ${lead.company.name}` : name;
}


function facts(lead: Lead) {
  const field = (label: string, lines: Array<string | undefined>) => {
    const body = lines.filter((l): l is string => Boolean(l)).map((l) => mrkdwnSafe(oneLine(l), 400)).join('\n');
    return mrkdwn(truncate(`*${label}*\n${body || '—'}`, LIMITS.sectionField));
  };
  const { contact, company } = lead;
  return [
    field('Contact', [contact.name, contact.title]),
    field('Reach', [contact.email, contact.phone]),
    field('Company', [company.name, company.domain]),
    field('Size · industry · country', [[company.size, company.industry, company.country].filter(Boolean).join(' · ')]),
    field('Source · campaign', [[lead.source, lead.campaign].filter(Boolean).join(' · ')]),
  ];
}

/** The answers with the labels of the definition version the lead was judged by, and its score; then what sales found. */
function qualificationLines(lead: Lead): string | null {
  const answers = intakeLines(lead);
  const findings = findingsLines(lead);
  const all = [answers, findings].filter(Boolean).join('\n');
  return all ? truncate(all, LIMITS.sectionText) : null;
}

/**
 * Sales' findings beside marketing's answers: "Budget: planned → approved
 * by @rep" where sales corrected it, "Need: clear ✓ @rep" where it held up.
 */
function findingsLines(lead: Lead): string | null {
  const f = lead.findings;
  if (!f) return null;
  const who = f.by === 'crm' ? 'the CRM' : `<@${f.by}>`;
  const rows = f.answers.map((a) => {
    const label = `*${mrkdwnSafe(a.label, 80)}:*`;
    const found = mrkdwnSafe(oneLine(a.foundLabel), 100);
    if (a.intake === null) return `${label} ${found} (found by ${who})`;
    if (a.intake === a.found) return `${label} ${found} ✓ confirmed by ${who}`;
    return `${label} ${mrkdwnSafe(oneLine(a.intakeLabel ?? a.intake), 100)} → ${found} by ${who}`;
  });
  return [`*Qualified by sales* ${slackDate(f.at)} (definition v${f.definitionVersion}): score ${f.score} of ${f.threshold} needed, ${f.qualified ? 'meets the definition' : 'does not meet it'}`, ...rows].join('\n');
}

function intakeLines(lead: Lead): string | null {
  const scored = lead.judgement?.breakdown.filter((line) => !line.criterion.startsWith('company.'));
  const rows = scored
    ? scored.map((line) => `*${mrkdwnSafe(line.label, 80)}:* ${mrkdwnSafe(oneLine(line.answerLabel), 200)}`)
    : Object.entries(lead.qualification).map(([key, value]) => `*${mrkdwnSafe(key, 80)}:* ${mrkdwnSafe(oneLine(value), 200)}`);
  if (lead.judgement) rows.push(`*Score:* ${lead.judgement.score} (threshold ${lead.judgement.threshold}, definition v${lead.judgement.definitionVersion})`);
  return rows.length > 0 ? truncate(rows.join('\n'), LIMITS.sectionText) : null;
}

function claimSection(lead: Lead): KnownBlock[] {
  if (!lead.owner) {
    return lead.stage === 'mql' ? [actions(lead, [{ text: 'Claim', action_id: ACTION_CLAIM, style: 'primary' }])] : [];
  }
  const postedAt = lead.post.status === 'posted' ? lead.post.postedAt : lead.receivedAt;
  const claimedAt = lead.owner.claimedAt;
  const { verdict, outcome } = lead;
  const lines = [
    verdict?.kind === 'prospected'
      ? `:mag: Prospected by <@${lead.owner.userId}> (sales-sourced: not offered for claiming)`
      : lead.history.some((e) => e.event === 'account_owner' && e.details?.assignee === lead.owner?.userId)
        ? `:office: Routed to <@${lead.owner.userId}>, who owns this account (they can release it to the queue)`
        : `:white_check_mark: Claimed by <@${lead.owner.userId}> · ${shortDuration(postedAt.getTime(), claimedAt.getTime())} after posting`,
  ];
  if (verdict?.kind === 'prospected' && lead.judgement && !lead.judgement.qualified && lead.judgement.unmet.length) {
    lines.push(`:information_source: Below the definition (score ${lead.judgement.score} of ${lead.judgement.threshold}): ${mrkdwnSafe(oneLine(lead.judgement.unmet.join('; ')), 400)}`);
  }
  if (verdict?.kind === 'accepted') lines.push(`:thumbsup: Accepted by <@${verdict.by}>`);
  if (verdict?.kind === 'auto_accepted') lines.push(':hourglass: Accepted automatically: no verdict within the verdict window');
  if (verdict?.kind === 'rejected') {
    lines.push(`:no_entry_sign: Not a lead: *${mrkdwnSafe(verdict.reasonLabel ?? verdict.reason, 75)}*${verdict.note ? ` — “${mrkdwnSafe(oneLine(verdict.note), 300)}”` : ''}`);
  }
  if (lead.firstTouchAt) lines.push(`:telephone_receiver: First contact ${shortDuration(claimedAt.getTime(), lead.firstTouchAt.getTime())} after ${verdict?.kind === 'prospected' ? 'entering it' : 'claiming'}`);
  if (outcome?.kind === 'won') lines.push(outcome.amount !== undefined && outcome.currency ? `:trophy: Won: *${formatAmount(outcome.amount, outcome.currency)}*` : ':trophy: Won (the CRM reported no amount)');
  if (outcome?.kind === 'lost') {
    lines.push(`:x: Lost: *${mrkdwnSafe(outcome.reasonLabel ?? outcome.reason, 75)}*${outcome.note ? ` — “${mrkdwnSafe(oneLine(outcome.note), 300)}”` : ''}`);
  }

  const buttons = nextSteps(lead).map((step) => ({ ...STEP_BUTTONS[step], action_id: stepActionId(step) }));
  // Sales' findings can be recorded (or corrected) any time it works on the lead; Meeting booked asks for them too.
  if (OPEN_STAGES.includes(lead.stage) && verdict && verdict.kind !== 'rejected') buttons.push({ text: lead.findings ? 'Qualify again' : 'Qualify', action_id: ACTION_QUALIFY });
  if (lead.stage === 'sal' && !verdict) buttons.push({ text: 'Release', action_id: ACTION_RELEASE });
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(truncate(lines.join('\n'), LIMITS.sectionText)) }];
  if (buttons.length > 0) blocks.push(actions(lead, buttons));
  return blocks;
}

function actions(lead: Lead, buttons: Array<{ text: string; action_id: string; style?: 'primary' | 'danger' }>): ActionsBlock {
  return {
    type: 'actions',
    block_id: 'lead_actions',
    elements: buttons.map((button) => ({
      type: 'button' as const,
      action_id: button.action_id,
      text: plain(button.text, LIMITS.buttonText),
      value: lead.id,
      ...(button.style ? { style: button.style } : {}),
    })),
  };
}

function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Notification and screen-reader text: who, where from, and whether it is still free. */
function fallbackText(lead: Lead): string {
  const title = lead.contact.title ? ` (${lead.contact.title})` : '';
  const origin = [lead.source, lead.campaign].filter(Boolean).join(' / ');
  const stage = stageName(lead);
  const status = lead.owner
    ? lead.origin === 'sales'
      ? `${stage}, prospected by <@${lead.owner.userId}>`
      : `${stage === 'CLAIMED' ? '' : `${stage}, `}claimed by <@${lead.owner.userId}>`
    : 'waiting to be claimed';
  const text = `${lead.origin === 'sales' ? 'Prospect' : 'New lead'}: ${escapeForFallback(leadTitle(lead) + title)}${origin ? ` — ${escapeForFallback(origin)}` : ''} — ${status}`;
  return truncate(oneLine(text), LIMITS.fallbackText);
}

function escapeForFallback(value: string): string {
  return mrkdwnSafe(oneLine(value), 500);
}
