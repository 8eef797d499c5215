import type { KnownBlock } from '@slack/types';
import type { DefinitionVersion } from '../../definition/versions.js';
import { LIMITS, mrkdwn, mrkdwnSafe, plain, slackDate, truncate } from './text.js';

export const ACTION_DEFINITION_APPROVE = 'definition_approve';
export const ACTION_DEFINITION_PROPOSE = 'definition_propose';

/** The agreement as both teams read it: what qualifies, the reasons, the service levels, and changes waiting. */
export function definitionView(active: DefinitionVersion, proposals: DefinitionVersion[], viewer: { admin: boolean }): KnownBlock[] {
  const d = active.definition;
  const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, LIMITS.sectionText)) });
  const approvedBy = active.approvals.map((a) => `<@${a.userId}> (${a.side})`).join(' and ');
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Lead definition v${active.version}`, LIMITS.headerText) },
    {
      type: 'context',
      elements: [mrkdwn(`In force since ${slackDate(active.activatedAt ?? active.proposedAt)}${approvedBy ? ` · approved by ${approvedBy}` : ` · from ${mrkdwnSafe(active.proposedBy, 100)}`}`)],
    },
    section(
      `*A lead qualifies* with a contact email, a company name, every required question answered and at least *${d.threshold} points*.\n` +
        d.questions
          .map((q) => `• *${mrkdwnSafe(q.label, 75)}*${q.required ? ' (required)' : ''}: ${q.answers.map((a) => `${mrkdwnSafe(a.label, 75)} ${a.points}`).join(' · ')}`)
          .join('\n'),
    ),
  ];
  const company = (['size', 'industry', 'country'] as const)
    .filter((k) => d.company[k].length > 0)
    .map((k) => `• Company ${k}: ${d.company[k].map((e) => `${mrkdwnSafe(e.value, 50)} ${e.points}`).join(' · ')}`);
  if (company.length > 0) blocks.push(section(`*Company points*\n${company.join('\n')}`));
  const sl = d.serviceLevels;
  blocks.push(
    section(`*Not a lead, because:* ${d.rejectionReasons.map((r) => mrkdwnSafe(r.label, 75)).join(' · ')}\n*Lost, because:* ${d.lostReasons.map((r) => mrkdwnSafe(r.label, 75)).join(' · ')}`),
    section(
      `*Service levels:* claim within ${sl.claimWithinMinutes} min, first contact within ${sl.firstTouchWithinHours} h` +
        `${sl.businessHoursOnly ? ` (business hours ${sl.businessHours.start}–${sl.businessHours.end}, ${sl.businessHours.days.join(' ')})` : ''}.\n` +
        `*Verdict window:* ${d.verdictWindowHours} h, then a claimed lead counts as accepted.\n` +
        `*Changes* ${d.changeApproval ? 'need one approval from sales and one from marketing' : 'take effect at once'}.`,
    ),
  );
  for (const p of proposals.slice(0, 5)) {
    const approvals = p.approvals.map((a) => `${a.side} ✓ <@${a.userId}>`).join(' · ') || 'no approvals yet';
    blocks.push(
      { type: 'divider' },
      section(
        `*Proposed v${p.version}* by <@${p.proposedBy}>, ${slackDate(p.proposedAt)} (${approvals})\n` +
          p.changes.slice(0, 20).map((c) => `• ${mrkdwnSafe(c, 200)}`).join('\n'),
      ),
      { type: 'actions', block_id: `proposal_${p.version}`, elements: [{ type: 'button', action_id: ACTION_DEFINITION_APPROVE, text: plain(`Approve v${p.version}`, 75), value: String(p.version), style: 'primary' }] },
    );
  }
  if (viewer.admin) {
    blocks.push({ type: 'actions', block_id: 'definition_admin', elements: [{ type: 'button', action_id: ACTION_DEFINITION_PROPOSE, text: plain('Propose a change', 75), value: String(active.version) }] });
  }
  return blocks.slice(0, LIMITS.blocksPerMessage);
}
