import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { INTAKE_TOKEN, useTestApp } from '../support/testApp.js';

/** POST /api/leads/import as an automation sends it: a CSV body as exported, the whole file's values in the query. */
const app = useTestApp();
const leads = () => mongoose.connection.db!.collection('leads');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url));

function importCsv(body: Uint8Array | string, query = '', headers: Record<string, string> = {}) {
  return fetch(`${app().url}/api/leads/import${query}`, { method: 'POST', headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'text/csv', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
}

describe('POST /api/leads/import', () => {
  it('imports a HubSpot export with the whole file’s answers, and says what became of each row', async () => {
    const res = await importCsv(fixture('hubspot-contacts.csv'), '?source=trade-show&campaign=expo&answer.need=clear&answer.budget=Planned&answer.authority=decision_maker&answer.timeline=this_quarter');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ created: 2, merged: 0, refused: [], toSales: 2, toNurture: 0, system: 'hubspot', encoding: 'UTF-8' });
    expect(body.leads).toEqual([
      { row: 2, id: expect.stringMatching(/^[0-9a-f]{24}$/), stage: 'mql', merged: false },
      { row: 3, id: expect.stringMatching(/^[0-9a-f]{24}$/), stage: 'mql', merged: false },
    ]);
    // The row's own source wins over the file's; the file's answers fill what rows lack.
    expect(await leads().findOne({ externalId: 'hubspot:101' })).toMatchObject({ source: 'Offline Sources', campaign: 'expo', company: { country: 'FR', size: '201-500', domain: 'durand-logistique.example' }, qualification: { budget: 'planned' } });

    // The same file again merges by record id and email, never duplicates.
    const again = (await (await importCsv(fixture('hubspot-contacts.csv'))).json()) as any;
    expect(again).toMatchObject({ created: 0, merged: 2 });
    expect(await leads().countDocuments()).toBe(2);
  });

  it('refuses rows field by field, and a file or parameters it cannot take as a whole, storing nothing of them', async () => {
    const before = await leads().countDocuments();
    const rows = (await (await importCsv('email;name;need\nok@rows.example;Ok;clear\nnot-an-email;Bad;clear\nfine@rows.example;Fine;maybe\n')).json()) as any;
    expect(rows.created).toBe(1);
    expect(rows.refused).toEqual([
      { row: 3, fields: [{ field: 'contact.email', message: 'is not a valid email address' }] },
      { row: 4, fields: [{ field: 'qualification.need', message: 'must be one of: clear, some, none' }] },
    ]);
    const counted = await leads().countDocuments();
    expect(counted).toBe(before + 1);

    const page = await importCsv('<!DOCTYPE html><html><body>Sign in</body></html>');
    expect(page.status).toBe(400);
    expect(await page.json()).toEqual({ error: 'invalid_file', message: 'The file is a web page, not a CSV. Nothing was imported.' });
    const wrongAnswer = await importCsv('email\na@answers.example\n', '?answer.budget=millions');
    expect(wrongAnswer.status).toBe(400);
    expect(((await wrongAnswer.json()) as any).fields).toEqual([{ field: 'answer.budget', message: 'must be one of: approved, planned, unknown, none' }]);
    const tooMany = await importCsv(`email\n${Array.from({ length: 50_001 }, (_, i) => `row${i}@many.example`).join('\n')}\n`);
    expect(tooMany.status).toBe(413);
    expect(((await tooMany.json()) as any).error).toBe('too_many_rows');
    expect((await importCsv('email\na@b.example\n', '', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await fetch(`${app().url}/api/leads/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email\na@b.example\n' })).status).toBe(401);
    expect(await leads().countDocuments()).toBe(counted);
  });

  it('reads Windows-1252 with semicolons, as Excel saves it in Europe', async () => {
    const res = await importCsv(Buffer.from('E-Mail;Name;Company;Country\nrene@cafe.example;René Müller;Café Crème;Österreich\n', 'latin1'));
    expect(await res.json()).toMatchObject({ created: 1, encoding: 'Windows-1252' });
    expect(await leads().findOne({ 'contact.emailKey': 'rene@cafe.example' })).toMatchObject({ contact: { name: 'René Müller' }, company: { name: 'Café Crème', country: 'AT' } });
  });
});
