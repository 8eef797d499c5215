import type { HistoryEntry, Stage } from './lead.js';
import type { Verdict } from './lifecycle.js';

/**
 * What people read for a lead's stage, with one meaning everywhere (messages,
 * App Home, lists, reports): SAL is a lead sales *accepted*. A lead a rep
 * took on but has not judged yet is CLAIMED, not SAL, although Leadloop
 * stores both at the `sal` stage. A rep's own prospect, also stored at
 * `sal`, is PROSPECTED until the rep moves it on.
 */
export function stageName(lead: { stage: Stage; verdict: Verdict | null }): string {
  // A rep's own prospect was never claimed nor accepted: it is the rep's from the start.
  if (lead.stage === 'sal' && lead.verdict?.kind === 'prospected') return 'PROSPECTED';
  if (lead.stage === 'sal' && (lead.verdict === null || lead.verdict.kind === 'rejected')) return 'CLAIMED';
  return lead.stage.toUpperCase();
}

/** A history entry's move, in the same words: entering `sal` is a claim or an assignment; leaving it by a verdict or a release means it was only claimed. */
export function moveNames(entry: Pick<HistoryEntry, 'from' | 'to' | 'event'>): { from: string; to: string } | null {
  if (!entry.from || entry.from === entry.to) return null;
  const fromClaimedOnly = entry.from === 'sal' && (entry.event === 'reject' || entry.event === 'released');
  return { from: fromClaimedOnly ? 'CLAIMED' : entry.from.toUpperCase(), to: entry.to === 'sal' ? (entry.event === 'prospected' ? 'PROSPECTED' : 'CLAIMED') : entry.to.toUpperCase() };
}
