import type { StatsFilter } from '../../../reports/statsReport.js';
import { PERIOD_USAGE } from '../../../reports/periods.js';

export const STATS_USAGE = `Usage: \`/leads stats [period] [source:<s>] [campaign:<c>] [queue:<q>] [by:rep]\`, where the period is ${PERIOD_USAGE} (this week if left out). Quote values with spaces: \`source:"paid search"\`.`;

/** Reads `source:x` / `campaign:"y z"` out of the text; what is left is the period. */
export function parseStatsArguments(text: string): { ok: true; filter: StatsFilter; byRep: boolean; periodText: string } | { ok: false; message: string } {
  const filter: StatsFilter = {};
  let byRep = false;
  let origin: string | undefined;
  const rest = text
    .replace(/(^|\s)by:rep(?=\s|$)/gi, () => {
      byRep = true;
      return ' ';
    })
    .replace(/\b(source|campaign|queue):(?:"([^"]*)"|“([^”]*)”|(\S*))/gi, (_all, name: string, quoted?: string, curly?: string, bare?: string) => {
      const value = (quoted ?? curly ?? bare ?? '').trim();
      filter[name.toLowerCase() as 'source' | 'campaign' | 'queue'] = value;
      return ' ';
    })
    .replace(/(^|\s)origin:(\S*)/gi, (_all, before: string, value: string) => {
      origin = value.toLowerCase();
      return before;
    });
  if (filter.source === '' || filter.campaign === '' || filter.queue === '') return { ok: false, message: `Give the source, campaign or queue a value. ${STATS_USAGE}` };
  if (origin !== undefined) {
    if (origin !== 'marketing' && origin !== 'sales') return { ok: false, message: `\`origin:\` is \`marketing\` (leads marketing brought) or \`sales\` (reps' own prospects). ${STATS_USAGE}` };
    filter.origin = origin;
  }
  if (/\b\w+:/.test(rest)) return { ok: false, message: `I only filter by \`source:\`, \`campaign:\`, \`queue:\` and \`origin:\`, and break down \`by:rep\`. ${STATS_USAGE}` };
  return { ok: true, filter, byRep, periodText: rest };
}

