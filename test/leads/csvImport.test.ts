import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { definitionSchema } from '../../src/definition/definition.js';
import { readLeadCsv } from '../../src/leads/csvImport.js';

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

  it('uses the first of two columns for the same field, and says the second was not imported', () => {
    const reading = readLeadCsv('email,Email Address\na@example.com,b@example.com\n', definition);
    expect(reading.ok && reading.rows[0]).toEqual({ row: 2, lead: { contact: { email: 'a@example.com' } } });
    expect(reading.ok && reading.ignored).toEqual(['Email Address']);
  });
});
