import type { KnownBlock } from '@slack/types';
import { MIN_CHECKED_FOR_SUGGESTION, type DefinitionPerformance, type Suggestion } from '../../definition/performance.js';
import { rate } from './statsView.js';
import { cutAtLine, LIMITS, mrkdwn, mrkdwnSafe, oneLine, plain, truncate } from './text.js';

export const ACTION_DEFINITION_SUGGEST = 'definition_suggest';


/**
 * "How it performs": whether marketing's answers hold up when sales asks,
 * how worked leads convert by score band and by source, and the change the
 * figures suggest (admins can propose it). Used by /leads definition and the
 * digest's monthly section.
 */
export function performanceBlocks(p: DefinitionPerformance, options: { version: number; admin: boolean }): KnownBlock[] {
  const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(cutAtLine(text, LIMITS.sectionText)) });
  const questions = p.questions.map((q) => {
    const top = q.corrections[0];
    const corrected = top ? ` · most corrected: ${mrkdwnSafe(top.fromLabel, 60)} → ${mrkdwnSafe(top.toLabel, 60)} in ${rate(top.share)} of the checked leads that came with it (${top.count} of ${top.of})` : '';
    return `• *${mrkdwnSafe(q.label, 75)}*: ${q.compared ? `agreed in ${rate(q.agreement)} (${q.agreed} of ${q.compared})${corrected}` : 'not checked yet'}`;
  });
  const bands = p.bands.map((b) => `• ${b.label}: ${b.worked} worked · SQL ${rate(b.sqlRate)} · won ${rate(b.wonRate)}`);
  const sources = p.sources.map((s) => `• ${mrkdwnSafe(oneLine(s.source), 60) || ' '}\n      ${s.checked} checked · answers agreed ${rate(s.agreement)} · ${s.worked} worked · SQL ${rate(s.sqlRate)} · won ${rate(s.wonRate)}`);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('How it performs', LIMITS.headerText) },
    {
      type: 'context',
      elements: [mrkdwn(`Leads received in the last ${p.days} days. ${p.checked} were checked by sales (the rep confirmed or corrected the answers at *Meeting booked* or with *Qualify*).`)],
    },
    section(`*Does marketing’s answer hold up when sales asks?*\n${questions.join('\n')}`),
    section(`*Leads sales worked on, by score: how many reached SQL and won*\n${bands.join('\n') || 'No worked leads yet.'}`),
    section(`*By source*\n${sources.join('\n') || 'No leads yet.'}`),
  ];
  blocks.push(...suggestionBlocks(p, options));
  return blocks;
}

function suggestionBlocks(p: DefinitionPerformance, options: { version: number; admin: boolean }): KnownBlock[] {
  if (p.checked < MIN_CHECKED_FOR_SUGGESTION) {
    return [{ type: 'context', elements: [mrkdwn(`A suggested change appears once ${MIN_CHECKED_FOR_SUGGESTION} leads of the last ${p.days} days have been checked by sales (${p.checked} so far).`)] }];
  }
  if (!p.suggestion) return [{ type: 'context', elements: [mrkdwn('The figures suggest no change: the definition holds up.')] }];
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(truncate(`*Suggested change:* ${suggestionWords(p.suggestion)}\n_Why:_ ${mrkdwnSafe(p.suggestion.why, 1000)}. Nothing changes unless sales and marketing approve it like any other change.`, LIMITS.sectionText)) },
  ];
  if (options.admin) {
    blocks.push({
      type: 'actions',
      block_id: 'definition_suggestion',
      elements: [{ type: 'button', action_id: ACTION_DEFINITION_SUGGEST, text: plain('Propose this change', 75), value: String(options.version) }],
    });
  }
  return blocks;
}

export function suggestionWords(s: Suggestion): string {
  if (s.kind === 'threshold') return `threshold ${s.from} → ${s.to} points`;
  return `${mrkdwnSafe(s.questionLabel, 75)} “${mrkdwnSafe(s.answerLabel, 75)}” ${s.from} → ${s.to} points`;
}
