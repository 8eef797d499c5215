import { normalizeAnswers } from '../definition/judge.js';
import { decodeCsv, readLeadCsv, type CsvRow } from '../leads/csvImport.js';
import type { Actor } from '../leads/lead.js';
import type { Roles } from '../roles/roles.js';
import type { IntakeDeps } from './intakeLead.js';
import type { ActiveDefinition } from './leadDefinition.js';
import { submitLead } from './submitLead.js';

export type ImportSummary = {
  rows: number;
  created: number;
  merged: number;
  /** Rows not imported, with the spreadsheet row number and why (and, when intake refused it, each field's problem). */
  rejected: Array<{ row: number; reason: string; fields?: Array<{ field: string; message: string }> }>;
  /** Each row taken in: the lead it became or merged into, and its stage. */
  leads: Array<{ row: number; id: string; stage: string; merged: boolean }>;
  /** Of those, how many went to sales (MQL, or a rep's own prospect) and how many to nurture, and what kept the nurture ones back most often. */
  toSales: number;
  toNurture: number;
  topUnmet: Array<{ reason: string; count: number }>;
  /** Header names that match no lead field (their values were not imported). */
  ignoredColumns: string[];
  /** Header name → the field it filled. */
  columns: Record<string, string>;
  /** How the file was read: its text encoding, and the system that exported it when its columns say so. */
  encoding: string;
  system: string | null;
};

export type ImportOutcome =
  | { ok: false; problem: string; code?: 'too_many_rows' | 'invalid_defaults'; fields?: Array<{ field: string; message: string }> }
  | { ok: true; summary: ImportSummary };

/** Rows taken in at once: enough to keep the database busy, few enough to share it. */
const CONCURRENCY = 4;

/**
 * Imports a CSV of leads: the whole file is read and checked first (a file
 * that cannot be read imports nothing), then each row goes through the same
 * checks, merging and qualification as a lead from the API. A bad row is
 * reported with its row number and reason and does not stop the others.
 */
/**
 * What holds for every row that does not say it itself: the source and
 * campaign, answers to the definition's questions (a trade show's badge
 * scans: need = some), whose leads these are, and for sales-sourced rows,
 * whose prospects. A row's own value always wins.
 */
export type ImportDefaults = { origin?: 'marketing' | 'sales'; owner?: string; source?: string; campaign?: string; answers?: Record<string, string> };

export async function importLeads(
  file: Uint8Array | string,
  by: Actor,
  deps: Omit<IntakeDeps, 'definition'> & { definition: () => Promise<ActiveDefinition>; roles: Roles; onProgress?: (done: number, total: number) => Promise<void> | void },
  defaults: ImportDefaults = {},
): Promise<ImportOutcome> {
  const { definition } = await deps.definition();
  // The whole file's answers are checked once, against the definition, before any row.
  const checked = normalizeAnswers(defaults.answers ?? {}, definition);
  if (!checked.ok) {
    const fields = checked.problems.map((p) => ({ field: p.field.replace(/^qualification\./, 'answer.'), message: p.message }));
    return { ok: false, code: 'invalid_defaults', problem: `The answers for the whole file are not the definition's: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`, fields };
  }
  defaults = { ...defaults, answers: checked.answers };
  const { text, encoding } = typeof file === 'string' ? { text: file, encoding: 'UTF-8' } : decodeCsv(file);
  const reading = readLeadCsv(text, definition);
  if (!reading.ok) return reading;
  const summary: ImportSummary = {
    rows: reading.rows.length,
    created: 0,
    merged: 0,
    rejected: [],
    leads: [],
    toSales: 0,
    toNurture: 0,
    topUnmet: [],
    ignoredColumns: reading.ignored,
    columns: reading.columns,
    encoding,
    system: reading.system,
  };
  const unmet = new Map<string, number>();
  // Rows about the same person go to the same worker, in file order, so a
  // later row merges into an earlier one as it would arriving later.
  const queues: CsvRow[][] = Array.from({ length: CONCURRENCY }, () => []);
  for (const item of reading.rows) queues[queueOf(item, CONCURRENCY)]!.push(item);
  let done = 0;
  const worker = async (queue: CsvRow[]) => {
    for (const item of queue) {
      if ('error' in item) {
        summary.rejected.push({ row: item.row, reason: item.error });
      } else {
        const outcome = await submitLead(withDefaults(item.lead, defaults), by, deps);
        if (!outcome.ok) {
          summary.rejected.push({ row: item.row, reason: outcome.errors.map((e) => `${e.field} ${e.message}`).join('; '), fields: outcome.errors });
        } else {
          const { lead, merged } = outcome.result;
          if (merged) summary.merged += 1;
          else summary.created += 1;
          summary.leads.push({ row: item.row, id: lead.id, stage: lead.stage, merged });
          if (lead.stage === 'nurture') {
            summary.toNurture += 1;
            for (const reason of lead.judgement?.unmet ?? []) {
              // "score 25 is under the threshold of 50" counts with every other score under it.
              const kind = reason.replace(/^score -?\d+ is under/, 'score under');
              unmet.set(kind, (unmet.get(kind) ?? 0) + 1);
            }
          } else if (lead.stage === 'mql' || lead.origin === 'sales') summary.toSales += 1;
        }
      }
      done += 1;
      if (done % 500 === 0) await deps.onProgress?.(done, reading.rows.length);
    }
  };
  await Promise.all(queues.map(worker));
  summary.rejected.sort((a, b) => a.row - b.row);
  summary.leads.sort((a, b) => a.row - b.row);
  summary.topUnmet = [...unmet].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)).slice(0, 3);
  return { ok: true, summary };
}

/** A row's own values win; the import's fill what the row leaves out (an owner only for a sales-sourced row). */
function withDefaults(lead: Record<string, any>, defaults: ImportDefaults): Record<string, any> {
  const origin = lead.origin ?? defaults.origin;
  const owner = lead.owner ?? (origin === 'sales' ? defaults.owner : undefined);
  const source = lead.source ?? defaults.source;
  const campaign = lead.campaign ?? defaults.campaign;
  const answers = defaults.answers && Object.keys(defaults.answers).length ? { qualification: { ...defaults.answers, ...lead.qualification } } : {};
  return { ...lead, ...(origin ? { origin } : {}), ...(owner ? { owner } : {}), ...(source ? { source } : {}), ...(campaign ? { campaign } : {}), ...answers };
}

/** The queue for a row: by who the lead is (email, else external id, else phone). */
function queueOf(item: CsvRow, queues: number): number {
  if ('error' in item) return 0;
  const identity = String(item.lead.contact?.email ?? item.lead.externalId ?? item.lead.contact?.phone ?? item.row).trim().toLowerCase();
  let hash = 0;
  for (const char of identity) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % queues;
}
