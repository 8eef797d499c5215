import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { Lead } from '../../leads/lead.js';
import { nextSteps, type Step } from '../../leads/lifecycle.js';
import type { HomeContent } from '../../usecases/homeContent.js';
import { ACTION_CLAIM, stepActionId } from './leadMessage.js';
import { leadRow } from './leadList.js';
import { rate } from './statsView.js';
import { LIMITS, mrkdwn, plain } from './text.js';

const STEP_LABELS: Record<Step, string> = {
  accept: 'Accept',
  reject: 'Not a lead',
  contacted: 'Contacted',
  meeting: 'Meeting booked',
  opportunity: 'Opportunity',
  won: 'Won',
  lost: 'Lost',
};

/** What the lead needs from its owner next, in words. */
function needsNext(lead: Lead): string {
  if (!lead.verdict) return 'Needs your verdict: accept it, or say it is not a lead';
  if (!lead.firstTouchAt) return 'Needs a first touch';
  return 'Needs an outcome: meeting, opportunity, won or lost';
}

function stepButtons(lead: Lead): KnownBlock {
  const elements: Button[] = nextSteps(lead).map((step) => ({
    type: 'button',
    action_id: stepActionId(step),
    value: lead.id,
    text: plain(STEP_LABELS[step], LIMITS.buttonText),
    ...(step === 'accept' || step === 'won' ? { style: 'primary' as const } : step === 'reject' ? { style: 'danger' as const } : {}),
  }));
  return { type: 'actions', elements };
}

export function homeView(content: HomeContent, now: Date): HomeView {
  const blocks: KnownBlock[] = [];
  const heading = (text: string) => blocks.push({ type: 'header', text: plain(text, LIMITS.headerText) });
  if (content.gettingStarted) {
    heading('Getting started with Leadloop');
    blocks.push({
      type: 'section',
      text: mrkdwn(
        [
          'Leadloop is installed, but nobody has a role yet, so it shows no leads here.',
          '1. A Slack workspace owner or admin runs `/leads settings` and becomes Leadloop’s first admin.',
          '2. In the settings they name the sales reps and the marketers (people or user groups), the leads channel and the digest channel.',
          '3. Marketing agrees the lead definition with sales in `/leads definition`; leads then arrive in the leads channel for reps to claim.',
        ].join('\n'),
      ),
    });
  }
  if (content.noRole) {
    blocks.push({ type: 'section', text: mrkdwn('You do not have a Leadloop role yet. Ask a Leadloop admin to add you to sales or marketing.') });
  }
  if (content.rep) {
    heading(`Your open leads (${content.rep.mine.length})`);
    if (content.rep.mine.length === 0) blocks.push({ type: 'section', text: mrkdwn('Nothing open. Claim a lead below or in the leads channel.') });
    for (const lead of content.rep.mine.slice(0, 10)) {
      blocks.push(leadRow(lead, now), { type: 'context', elements: [mrkdwn(needsNext(lead))] }, stepButtons(lead));
    }
    heading('Waiting to be claimed');
    if (content.rep.unclaimed.length === 0) blocks.push({ type: 'section', text: mrkdwn('Every posted lead has an owner.') });
    for (const lead of content.rep.unclaimed.slice(0, 5)) {
      blocks.push(leadRow(lead, now, { type: 'button', action_id: ACTION_CLAIM, value: lead.id, style: 'primary', text: plain('Claim', LIMITS.buttonText) }));
    }
  }
  if (content.marketer) {
    const { figures: f, weekLabel } = content.marketer;
    heading(`This ${weekLabel}`);
    blocks.push({
      type: 'section',
      fields: [
        mrkdwn(`*Leads in*\n${f.leadsIn}`),
        mrkdwn(`*To sales (MQL) · nurture*\n${f.mql} · ${f.nurture}`),
        mrkdwn(`*Claimed*\n${f.claimed}`),
        mrkdwn(`*Accepted*\n${rate(f.acceptanceRate)}`),
        mrkdwn(`*Won*\n${f.won}`),
        mrkdwn(`*Service-level breaches*\n${f.breaches.total}`),
      ],
    });
    heading('Latest rejected by sales');
    if (content.marketer.rejected.length === 0) blocks.push({ type: 'section', text: mrkdwn('None.') });
    for (const lead of content.marketer.rejected.slice(0, 5)) blocks.push(leadRow(lead, now));
    heading('Latest in nurture');
    if (content.marketer.nurture.length === 0) blocks.push({ type: 'section', text: mrkdwn('None.') });
    for (const lead of content.marketer.nurture.slice(0, 5)) blocks.push(leadRow(lead, now));
  }
  blocks.push({ type: 'context', elements: [mrkdwn('`/leads help` lists everything Leadloop does.')] });
  // Block Kit allows 100 blocks in a Home tab; the lists above stay well below.
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
