import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { definitionSchema } from '../../src/definition/definition.js';
import { decodeCsv, detectDelimiter, readLeadCsv } from '../../src/leads/csvImport.js';
import { countryCode, domainOf, sizeBand } from '../../src/leads/leadValues.js';

const definition = definitionSchema.parse(parse(readFileSync(new URL('../../config/lead-definition.yml', import.meta.url), 'utf8')));

describe('readLeadCsv', () => {
  it('maps columns by header name, in any spelling people use, and joins first and last names', () => {
    const csv = '\uFEFFE-mail,First Name,Last Name,Company Name,UTM Source,Need,Budget,Shoe size\nann@example.com,Ann,Lee,Acme,ads,clear,Approved,42\n';
    const reading = readLeadCsv(csv, definition);
    expect(reading).toMatchObject({ ok: true, ignored: ['Shoe size'] });
    if (!reading.ok) return;
    expect(reading.rows).toEqual([
      { row: 2, lead: { contact: { email: 'ann@example.com', name: 'Ann Lee' }, company: { name: 'Acme' }, source: 'ads', qualification: { need: 'clear', budget: 'Approved' } } },
    ]);
  });

  it('reports a row with the wrong number of values by its spreadsheet row number', () => {
    const reading = readLeadCsv('email,name\na@example.com,A\nb@example.com,B,extra\n', definition);
    expect(reading.ok && reading.rows[1]).toEqual({ row: 3, error: 'has 3 values for 2 columns' });
  });

  it('refuses a file it cannot read as a whole, so nothing of it is imported', () => {
    expect(readLeadCsv('email,name\n"a@example.com,A\n', definition)).toMatchObject({ ok: false, problem: expect.stringMatching(/^The file is not valid CSV: /) });
    expect(readLeadCsv('name,company\nAnn,Acme\n', definition)).toMatchObject({ ok: false, problem: expect.stringMatching(/^No column says who the lead is/) });
    expect(readLeadCsv('email\n', definition)).toEqual({ ok: false, problem: 'The file has no rows under its header line.' });
  });

  it('takes the first of several columns for the same field that has a value in the row', () => {
    const reading = readLeadCsv('email,Email Address\na@example.com,b@example.com\n,c@example.com\n', definition);
    expect(reading.ok && reading.rows.map((r) => 'lead' in r && r.lead.contact.email)).toEqual(['a@example.com', 'c@example.com']);
    expect(reading.ok && reading.ignored).toEqual([]);
  });
});

const fixture = (name: string) => readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url));
const leadsOf = (reading: ReturnType<typeof readLeadCsv>) => (reading.ok ? reading.rows.map((r) => ('lead' in r ? r.lead : r)) : reading);

describe('real exports (test/fixtures/exports, see SOURCES.md)', () => {
  it('reads a HubSpot contacts export: record id, website as domain, country as ISO code, head count as size band, mobile, message', () => {
    const reading = readLeadCsv(decodeCsv(fixture('hubspot-contacts.csv')).text, definition);
    expect(reading).toMatchObject({ ok: true, system: 'hubspot', ignored: ['Lifecycle Stage', 'Lead Status', 'Contact owner', 'Create Date'] });
    expect(leadsOf(reading)).toEqual([
      {
        contact: { name: 'Camille Durand', email: 'camille@durand-logistique.example', phone: '+33 6 12 34 56 78', title: 'Head of Operations' },
        company: { name: 'Durand Logistique', domain: 'durand-logistique.example', country: 'FR', size: '201-500', industry: 'Logistics' },
        source: 'Offline Sources',
        note: 'Wants a demo after the trade show',
        externalId: 'hubspot:101',
      },
      {
        contact: { name: 'John Smith', email: 'JOHN@Example.com', phone: '+1 415 555 0101', title: 'CTO' },
        company: { name: 'Smith & Co', domain: 'smith.example', country: 'US', size: '1000+', industry: 'Retail' },
        source: 'Paid Search',
        externalId: 'hubspot:102',
      },
    ]);
  });

  it('reads a Pipedrive people export: work, home or other email and phone, organization, person id', () => {
    const reading = readLeadCsv(decodeCsv(fixture('pipedrive-people.csv')).text, definition);
    expect(reading).toMatchObject({ ok: true, system: 'pipedrive', ignored: ['Person - Marketing status'] });
    expect(leadsOf(reading)).toEqual([
      { contact: { name: 'Jörg Müller', email: 'joerg.mueller@home.example', phone: '+49 171 1234567', title: 'Geschäftsführer' }, company: { name: 'Müller Spedition GmbH' }, externalId: 'pipedrive:7001' },
      { contact: { name: 'Ana López', email: 'ana@lopez-transportes.example', phone: '+34 91 123 45 67', title: 'COO' }, company: { name: 'López Transportes' }, externalId: 'pipedrive:7002' },
    ]);
  });

  it('reads a Salesforce Data Loader export of leads by API names', () => {
    const reading = readLeadCsv(decodeCsv(fixture('salesforce-dataloader.csv')).text, definition);
    expect(reading).toMatchObject({ ok: true, system: 'salesforce', ignored: ['Status', 'IsConverted'] });
    expect(leadsOf(reading)).toEqual([
      {
        contact: { name: 'Priya Shah', email: 'priya@shahfreight.example', phone: '+44 20 7946 0000', title: 'Logistics Director' },
        company: { name: 'Shah Freight Ltd', domain: 'shahfreight.example', country: 'GB', size: '51-200', industry: 'Logistics' },
        source: 'Web',
        note: 'Asked about pricing',
        externalId: 'salesforce:00Q5e00000AbCdEAAV',
      },
    ]);
  });

  it('reads a Google Ads lead form download (User Email, Full Name)', () => {
    const reading = readLeadCsv(decodeCsv(fixture('google-ads-lead-form.csv')).text, definition);
    expect(reading).toMatchObject({ ok: true, system: 'googleads', ignored: ['Campaign ID', 'Form ID', 'Is Test'] });
    const [lead] = leadsOf(reading) as Array<Record<string, any>>;
    expect(lead).toMatchObject({ contact: { name: 'Lea Fischer', email: 'lea.fischer@alpha-transport.example', phone: '+49 30 1234567', title: 'Logistics Manager' }, company: { name: 'Alpha Transport', country: 'DE' } });
    expect(lead!.externalId).toMatch(/^googleads:TeSter-123-/);
  });
});

describe('files as Excel and CRMs save them', () => {
  const rows = 'email;name;company;country\nmarie@exemple.example;Marie Lefèvre;Société Générale de Fret;Allemagne\n';
  it('reads UTF-8 with or without a byte-order mark, UTF-16 with one, and Windows-1252', () => {
    const utf8 = Buffer.from(rows, 'utf8');
    const encodings: Array<[string, Buffer]> = [
      ['UTF-8', utf8],
      ['UTF-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])],
      ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows, 'utf16le')])],
      ['Windows-1252', Buffer.from(rows, 'latin1')],
    ];
    for (const [encoding, bytes] of encodings) {
      const decoded = decodeCsv(bytes);
      expect(decoded.encoding).toBe(encoding);
      const reading = readLeadCsv(decoded.text, definition);
      expect(leadsOf(reading)).toEqual([{ contact: { email: 'marie@exemple.example', name: 'Marie Lefèvre' }, company: { name: 'Société Générale de Fret', country: 'DE' } }]);
    }
  });

  it('finds the delimiter: comma, semicolon or tab, and not one inside quotes', () => {
    expect(detectDelimiter('email;name\n')).toBe(';');
    expect(detectDelimiter('email\tname\tcompany\n')).toBe('\t');
    expect(detectDelimiter('"Name; Title",email,company\n')).toBe(',');
    expect(detectDelimiter('email\n')).toBe(',');
    const reading = readLeadCsv('email\tname\na@example.com\tAnn\n', definition);
    expect(leadsOf(reading)).toEqual([{ contact: { email: 'a@example.com', name: 'Ann' } }]);
  });

  it('says a web page is not a CSV', () => {
    expect(readLeadCsv('<!DOCTYPE html><html><head><title>Slack</title></head><body class="x">"</body></html>', definition)).toEqual({ ok: false, problem: 'The file is a web page, not a CSV.' });
    expect(readLeadCsv('<html>\n<body>email,name</body>\n</html>\n', definition)).toEqual({ ok: false, problem: 'The file is a web page, not a CSV.' });
  });

  it('turns values into what Leadloop stores, and leaves what it cannot read as written', () => {
    expect(['https://www.Acme.example/contact?x=1', 'acme.example', 'http://www2.acme.example:8080', '', 'ftp://acme.example.'].map(domainOf)).toEqual(['acme.example', 'acme.example', 'acme.example', '', 'acme.example']);
    expect(['Germany', 'Deutschland', 'de', 'DEU', 'USA', 'United Kingdom', 'Österreich', 'Atlantis'].map(countryCode)).toEqual(['DE', 'DE', 'DE', 'DE', 'US', 'GB', 'AT', null]);
    const bands = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1000+'];
    expect(['7', '50', '1,000', '1.200', '250000', '51-200', 'about 40'].map((v) => sizeBand(v, bands))).toEqual(['1-10', '11-50', '501-1000', '1000+', '1000+', '51-200', 'about 40']);
  });
});
