import { parse } from 'csv-parse/sync';
import type { LeadDefinition } from '../definition/definition.js';

/**
 * Reads a CSV of leads into the intake API's shape, column by header name.
 * Pure: the whole file is read and checked before anything is stored, so a
 * file that cannot be read imports nothing.
 */

export const MAX_IMPORT_ROWS = 50_000;

/** Header spellings people use, to the intake field they mean. */
/** Header names Leadloop understands, to the field they fill. A Map: a header such as `constructor` must find nothing. */
const ALIASES = new Map<string, string>(Object.entries({
  email: 'contact.email',
  e_mail: 'contact.email',
  email_address: 'contact.email',
  contact_email: 'contact.email',
  name: 'contact.name',
  full_name: 'contact.name',
  contact_name: 'contact.name',
  first_name: 'first_name',
  firstname: 'first_name',
  last_name: 'last_name',
  lastname: 'last_name',
  phone: 'contact.phone',
  phone_number: 'contact.phone',
  mobile: 'contact.phone',
  title: 'contact.title',
  job_title: 'contact.title',
  company: 'company.name',
  company_name: 'company.name',
  organization: 'company.name',
  account: 'company.name',
  domain: 'company.domain',
  website: 'company.domain',
  company_domain: 'company.domain',
  size: 'company.size',
  company_size: 'company.size',
  employees: 'company.size',
  industry: 'company.industry',
  country: 'company.country',
  source: 'source',
  lead_source: 'source',
  utm_source: 'source',
  campaign: 'campaign',
  utm_campaign: 'campaign',
  note: 'note',
  notes: 'note',
  comment: 'note',
  external_id: 'externalId',
  crm_id: 'externalId',
  // Who found the lead (marketing or sales), and for a rep's own prospect the rep's Slack user id.
  origin: 'origin',
  lead_origin: 'origin',
  owner_slack_id: 'owner',
  slack_owner_id: 'owner',
  owner_slack_user_id: 'owner',
}));

export type CsvRow = { row: number; lead: Record<string, any> } | { row: number; error: string };
export type CsvReading =
  | { ok: false; problem: string }
  | { ok: true; rows: CsvRow[]; columns: Record<string, string>; ignored: string[] };

function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Which field each column fills: aliases, then the definition's question keys and labels. */
function mapColumns(headers: string[], definition: LeadDefinition): { fields: Array<string | null>; ignored: string[] } {
  const questions = new Map<string, string>();
  for (const q of definition.questions) {
    questions.set(q.key, `qualification.${q.key}`);
    questions.set(normalizeHeader(q.label), `qualification.${q.key}`);
  }
  const taken = new Set<string>();
  const ignored: string[] = [];
  const fields = headers.map((header) => {
    const key = normalizeHeader(header);
    const field = ALIASES.get(key) ?? questions.get(key) ?? null;
    // A second column for the same field would silently overwrite the first.
    if (!field || taken.has(field)) {
      if (header.trim()) ignored.push(header.trim());
      return null;
    }
    taken.add(field);
    return field;
  });
  return { fields, ignored };
}

export function readLeadCsv(text: string, definition: LeadDefinition): CsvReading {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    return { ok: false, problem: `The file is not valid CSV: ${(error as Error).message}` };
  }
  const [headers, ...data] = records;
  if (!headers || data.length === 0) return { ok: false, problem: 'The file has no rows under its header line.' };
  if (data.length > MAX_IMPORT_ROWS) return { ok: false, problem: `The file has ${data.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.` };
  const { fields, ignored } = mapColumns(headers, definition);
  const known = new Set(fields.filter((f): f is string => f !== null));
  if (!known.has('contact.email') && !known.has('contact.phone') && !known.has('externalId')) {
    return {
      ok: false,
      problem: `No column says who the lead is: add an \`email\` (or \`phone\`, or \`external_id\`) column. The header line read: ${headers.join(', ')}`,
    };
  }
  const columns = Object.fromEntries(headers.flatMap((h, i) => (fields[i] ? [[h.trim(), fields[i]!]] : [])));
  const rows: CsvRow[] = data.map((cells, index) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const row = index + 2;
    if (cells.length !== headers.length) return { row, error: `has ${cells.length} values for ${headers.length} columns` };
    const lead: Record<string, any> = {};
    let first = '';
    let last = '';
    cells.forEach((value, i) => {
      const field = fields[i];
      if (!field || value === '') return;
      if (field === 'first_name') first = value;
      else if (field === 'last_name') last = value;
      else setPath(lead, field, value);
    });
    if (!lead.contact?.name && (first || last)) setPath(lead, 'contact.name', `${first} ${last}`.trim());
    if (typeof lead.origin === 'string') lead.origin = lead.origin.toLowerCase();
    lead.contact ??= {};
    return { row, lead };
  });
  return { ok: true, rows, columns, ignored };
}

function setPath(target: Record<string, any>, path: string, value: string): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) at = at[key] ??= {};
  at[keys.at(-1)!] = value;
}
