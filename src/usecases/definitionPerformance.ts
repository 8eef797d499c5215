import { applySuggestion, definitionPerformance, type DefinitionPerformance } from '../definition/performance.js';
import { definitionPerformanceCounts } from '../storage/leadReports.js';
import type { ActiveDefinition, ProposalResult } from './leadDefinition.js';
import { proposeDefinitionChange } from './leadDefinition.js';

/** How far back the definition's performance looks: leads received in the last 90 days. */
export const PERFORMANCE_DAYS = 90;

/** How well the definition in force predicts, from the last 90 days' leads. */
export async function howTheDefinitionPerforms(now: Date, active: ActiveDefinition): Promise<DefinitionPerformance> {
  const start = new Date(now.getTime() - PERFORMANCE_DAYS * 24 * 3_600_000);
  const counts = await definitionPerformanceCounts({ start, end: now });
  return definitionPerformance(counts, active.definition, PERFORMANCE_DAYS);
}

/**
 * An admin turns the suggested change into a normal proposal (approved by
 * sales and marketing like any other). The suggestion is made again from
 * today's figures against the definition in force: a suggestion seen on an
 * older version, or one the figures no longer support, is refused.
 */
export async function proposeSuggestedChange(seenOnVersion: number, byUserId: string, now: Date, active: ActiveDefinition): Promise<ProposalResult> {
  if (active.version !== seenOnVersion) return { kind: 'refused', reasons: [`the definition changed since (now v${active.version}); run /leads definition again`] };
  const { suggestion } = await howTheDefinitionPerforms(now, active);
  if (!suggestion) return { kind: 'refused', reasons: ['the figures no longer suggest a change'] };
  return proposeDefinitionChange(applySuggestion(active.definition, suggestion), byUserId, now);
}
