import { parse } from 'csv-parse/sync';
import type { LeadDefinition } from '../definition/definition.js';
import { countryCode, domainOf, sizeBand } from './leadValues.js';

/**
 * Reads a CSV of leads into the intake API's shape, column by header name,
 * as CRMs and ad platforms export them (HubSpot, Salesforce reports and Data
 * Loader, Pipedrive, Zoho, Google Ads and LinkedIn lead forms; see
 * test/fixtures/exports/SOURCES.md). Pure: the whole file is read and checked
 * before anything is stored, so a file that cannot be read imports nothing.
 */

export const MAX_IMPORT_ROWS = 50_000;

/** What a column can fill; some are read together (first + last name, phone or mobile, domain or website). */
type Field =
  | 'contact.email'
  | 'contact.name'
  | 'contact.phone'
  | 'contact.title'
  | 'company.name'
  | 'company.domain'
  | 'company.size'
  | 'company.industry'
  | 'company.country'
  | 'source'
  | 'campaign'
  | 'note'
  | 'externalId'
  | 'origin'
  | 'owner'
  | 'first_name'
  | 'last_name'
  | 'mobile'
  | 'website'
  | 'employees'
  | 'record_id';

/**
 * Header names, normalised (lower case, runs of anything else as `_`), to
 * the field they fill. Several columns may fill one field (Pipedrive's work,
 * home and other emails): a row takes the first that has a value. A Map: a
 * header such as `constructor` must find nothing.
 */
const ALIASES = new Map<string, Field>(
  Object.entries({
    'contact.email': ['email', 'e_mail', 'email_address', 'contact_email', 'work_email', 'user_email', 'primary_email', 'person_email', 'person_email_work', 'person_email_home', 'person_email_other'],
    'contact.name': ['name', 'full_name', 'contact_name', 'person_name', 'lead_name'],
    first_name: ['first_name', 'firstname', 'person_first_name'],
    last_name: ['last_name', 'lastname', 'person_last_name'],
    'contact.phone': ['phone', 'phone_number', 'work_phone', 'user_phone', 'person_phone', 'person_phone_work', 'person_phone_home', 'person_phone_other'],
    mobile: ['mobile', 'mobile_phone', 'mobilephone', 'mobile_phone_number', 'cell_number', 'person_phone_mobile'],
    'contact.title': ['title', 'job_title', 'jobtitle', 'designation', 'person_title', 'person_job_title'],
    'company.name': ['company', 'company_name', 'organization', 'organisation', 'account', 'account_name', 'company_account', 'person_organization', 'organization_name'],
    'company.domain': ['domain', 'company_domain', 'company_domain_name'],
    website: ['website', 'website_url', 'person_website', 'organization_website'],
    'company.size': ['size', 'company_size'],
    employees: ['employees', 'number_of_employees', 'numberofemployees', 'no_of_employees', 'employee_count', 'organization_number_of_employees'],
    'company.industry': ['industry', 'organization_industry'],
    'company.country': ['country', 'country_region', 'country_code', 'countrycode', 'organization_country', 'person_country'],
    source: ['source', 'lead_source', 'leadsource', 'utm_source', 'original_source', 'person_source', 'lead_source_channel'],
    campaign: ['campaign', 'utm_campaign', 'campaign_name'],
    note: ['note', 'notes', 'comment', 'comments', 'description', 'message', 'lead_description'],
    externalId: ['external_id', 'crm_id'],
    // Who found the lead (marketing or sales), and for a rep's own prospect the rep's Slack user id.
    origin: ['origin', 'lead_origin'],
    owner: ['owner_slack_id', 'slack_owner_id', 'owner_slack_user_id'],
    // The exporting system's own record id (prefixed with the system, e.g. hubspot:123).
    record_id: ['record_id', 'lead_id', 'person_id', 'id'],
  }).flatMap(([field, names]) => names.map((name) => [name, field as Field])),
);

/** The systems whose record ids become `externalId` `<system>:<id>`, told apart by the columns only they export. */
const SYSTEMS: Array<{ system: string; when: (headers: Set<string>) => boolean }> = [
  // Pipedrive names every column after its object: "Person - Email - Work", "Organization - Name".
  { system: 'pipedrive', when: (h) => [...h].some((k) => /^(person|organization)_/.test(k)) },
  { system: 'hubspot', when: (h) => h.has('record_id') && ['original_source', 'lifecycle_stage', 'contact_owner', 'hubspot_score', 'associated_company', 'country_region'].some((k) => h.has(k)) },
  { system: 'zoho', when: (h) => h.has('record_id') && ['lead_owner', 'designation', 'lead_source', 'lead_name'].some((k) => h.has(k)) },
  { system: 'salesforce', when: (h) => (h.has('lead_id') && ['lead_source', 'company_account', 'lead_owner', 'lead_status'].some((k) => h.has(k))) || (h.has('id') && ['firstname', 'lastname', 'leadsource', 'isconverted', 'numberofemployees'].some((k) => h.has(k))) },
  { system: 'googleads', when: (h) => h.has('user_email') || h.has('user_phone') || (h.has('lead_id') && ['form_id', 'gcl_id', 'adgroup_id', 'is_test'].some((k) => h.has(k))) },
  { system: 'linkedin', when: (h) => h.has('lead_id') && ['form_name', 'lead_type', 'linkedin_profile_url', 'ad_name'].some((k) => h.has(k)) },
];

export type CsvRow = { row: number; lead: Record<string, any> } | { row: number; error: string };
export type CsvReading =
  | { ok: false; problem: string; code?: 'too_many_rows' }
  | { ok: true; rows: CsvRow[]; columns: Record<string, string>; ignored: string[]; system: string | null; delimiter: string };

function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The file's text, whatever Excel or a CRM saved it as: UTF-8 with or
 * without a byte-order mark, UTF-16 with one, or Windows-1252 (what Excel
 * writes as "CSV" in most of Europe and the Americas).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
}

/** Comma, semicolon (Excel in most of Europe) or tab: whichever the header line uses most outside quotes. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1;
  }
  const [most, count] = (Object.entries(counts) as Array<[',' | ';' | '\t', number]>).sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? most : ',';
}

/** Which field each column fills: the aliases, then the definition's question keys and labels. */
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
    const field = questions.get(key) ?? ALIASES.get(key) ?? null;
    // A second column for a question would silently overwrite the first; other fields take the first value a row has.
    if (!field || (field.startsWith('qualification.') && taken.has(field))) {
      if (header.trim()) ignored.push(header.trim());
      return null;
    }
    taken.add(field);
    return field;
  });
  return { fields, ignored };
}

export function readLeadCsv(text: string, definition: LeadDefinition): CsvReading {
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 15).toLowerCase();
  if (start.startsWith('<!doctype') || start.startsWith('<html')) return { ok: false, problem: 'The file is a web page, not a CSV.' };
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    return { ok: false, problem: `The file is not valid CSV: ${(error as Error).message}` };
  }
  const [headers, ...data] = records;
  if (!headers || data.length === 0) return { ok: false, problem: 'The file has no rows under its header line.' };
  if (data.length > MAX_IMPORT_ROWS) return { ok: false, code: 'too_many_rows', problem: `The file has ${data.length.toLocaleString('en-US')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} at a time.` };
  const { fields, ignored } = mapColumns(headers, definition);
  const known = new Set(fields.filter((f): f is string => f !== null));
  const keys = new Set(headers.map(normalizeHeader));
  const system = SYSTEMS.find((s) => s.when(keys))?.system ?? null;
  if (!known.has('contact.email') && !known.has('contact.phone') && !known.has('mobile') && !known.has('externalId') && !(system && known.has('record_id'))) {
    return {
      ok: false,
      problem: `No column says who the lead is: add an \`email\` (or \`phone\`, or \`external_id\`) column. The header line read: ${headers.join(', ')}`,
    };
  }
  // A record id with no system to prefix it is not a Leadloop id: listed as not imported.
  if (!system) fields.forEach((f, i) => f === 'record_id' && (fields[i] = null, ignored.push(headers[i]!.trim())));
  const columns = Object.fromEntries(headers.flatMap((h, i) => (fields[i] ? [[h.trim(), fields[i]!]] : [])));
  const sizes = definition.company.size.map((s) => s.value);
  const rows: CsvRow[] = data.map((cells, index) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const row = index + 2;
    if (cells.length !== headers.length) return { row, error: `has ${cells.length} values for ${headers.length} columns` };
    const values = new Map<string, string>();
    cells.forEach((value, i) => {
      const field = fields[i];
      if (field && value !== '' && !values.has(field)) values.set(field, value);
    });
    return { row, lead: leadFrom(values, { system, sizes }) };
  });
  return { ok: true, rows, columns, ignored, system, delimiter };
}

/** Fields read together below, not copied as they are. */
const COMBINED = new Set(['first_name', 'last_name', 'mobile', 'website', 'employees', 'record_id', 'company.domain', 'company.size', 'company.country']);

/** One row's values as the intake API's lead. */
function leadFrom(values: Map<string, string>, context: { system: string | null; sizes: string[] }): Record<string, any> {
  const lead: Record<string, any> = { contact: {} };
  const get = (field: string) => values.get(field);
  for (const [field, value] of values) {
    if (COMBINED.has(field)) continue;
    setPath(lead, field, value);
  }
  const name = get('contact.name') ?? [get('first_name'), get('last_name')].filter(Boolean).join(' ');
  if (name) lead.contact.name = name;
  const phone = get('contact.phone') ?? get('mobile');
  if (phone) lead.contact.phone = phone;
  const domain = domainOf(get('company.domain') ?? get('website') ?? '');
  if (domain) setPath(lead, 'company.domain', domain);
  const size = get('company.size') ?? get('employees');
  if (size) setPath(lead, 'company.size', sizeBand(size, context.sizes));
  const country = get('company.country');
  if (country) setPath(lead, 'company.country', countryCode(country) ?? country);
  if (!lead.externalId && context.system && get('record_id')) lead.externalId = `${context.system}:${get('record_id')}`;
  if (typeof lead.origin === 'string') lead.origin = lead.origin.toLowerCase();
  return lead;
}

function setPath(target: Record<string, any>, path: string, value: string): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) at = at[key] ??= {};
  at[keys.at(-1)!] = value;
}
