import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { EXPORT_COLUMNS, exportRow, questionCells, questionColumns } from '../reports/exportRows.js';
import type { Period } from '../reports/periods.js';
import type { StatsFilter } from '../reports/statsReport.js';
import { leadsReceived } from '../storage/leadQueries.js';

/**
 * Writes the period's leads as CSV (UTF-8 with a byte-order mark, so Excel
 * reads accents and emoji), one row per lead, to `out`, keeping only one
 * batch of leads in memory at a time. Answers how many rows it wrote.
 */
export async function exportLeads(period: Period, filter: StatsFilter, out: Writable, questionKeys: string[] = []): Promise<{ rows: number }> {
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS, ...questionColumns(questionKeys)], bom: true });
  csv.pipe(out);
  const finished = once(out, 'finish');
  let rows = 0;
  for await (const lead of leadsReceived(period, filter)) {
    // Respect back-pressure: wait when the file is behind.
    if (!csv.write({ ...exportRow(lead), ...questionCells(lead, questionKeys) })) await once(csv, 'drain');
    rows++;
  }
  csv.end();
  await finished;
  return { rows };
}
