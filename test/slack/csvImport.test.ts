import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { modalSubmission } from '../support/slackRequests.js';
import { eventually, useTestApp } from '../support/testApp.js';

const MARKETER = 'U0MKTG0001';
const REP = 'U0REPA0001';
const app = useTestApp({ env: { LEADLOOP_MARKETING: MARKETER, LEADLOOP_SALES: REP } });
const leadsCollection = () => mongoose.connection.db!.collection('leads');

async function importFile(name: string, content: string | Buffer, userId = MARKETER, extra: Record<string, Record<string, unknown>> = {}) {
  const res = await app().command(userId, 'import');
  expect(res.status).toBe(200);
  const { view } = await eventually(() => app().slack.views.at(-1), 5000, 'the import modal');
  expect(view.callback_id).toBe('lead_import_modal');
  const file = app().slack.hostFile(name, content);
  return app().interact(modalSubmission({ userId, view, values: { file: { value: { type: 'file_input', files: [file] } }, ...extra } }));
}

/** The direct message that follows the import, as it reads at the end. */
async function finalReport(userId = MARKETER, timeoutMs = 10_000) {
  const started = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === userId), timeoutMs, 'the import message');
  const done = await eventually(
    () => app().slack.accepted('chat.update').filter((c) => c.args.ts === started.response!.ts).find((c) => !String(c.args.text).startsWith('Importing')),
    timeoutMs,
    'the summary',
  );
  return { started, text: String(done.args.text), updates: app().slack.accepted('chat.update').filter((c) => c.args.ts === started.response!.ts) };
}

const header = 'email,name,company,source,need,budget,authority,timeline,Favourite colour';

describe('/leads import', () => {
  it('takes sales-sourced rows: by the origin column, or the whole file as one rep’s prospects', async () => {
    const csv = [
      'email,name,origin,owner_slack_id',
      `mine@prospects.example,Mine,sales,${REP}`,
      'theirs@prospects.example,Theirs,Marketing,',
      'ownerless@prospects.example,Ownerless,sales,',
      `outsider@prospects.example,Outsider,sales,${MARKETER}`,
    ].join('\n');
    await importFile('origins.csv', csv);
    const { text } = await finalReport();
    expect(text).toContain('4 rows — 2 created, 0 merged into existing leads, 2 rejected.');
    expect(text).toContain('• row 4: owner is required when origin is sales');
    expect(text).toContain(`• row 5: owner ${MARKETER} is not in sales`);
    expect(await leadsCollection().findOne({ 'contact.emailKey': 'mine@prospects.example' })).toMatchObject({ origin: 'sales', stage: 'sal', owner: { userId: REP }, history: [{ event: 'prospected', by: { kind: 'user', userId: MARKETER }, details: { assignee: REP } }] });
    expect(await leadsCollection().findOne({ 'contact.emailKey': 'theirs@prospects.example' })).toMatchObject({ origin: 'marketing' });

    // The whole file as one rep's prospects, chosen in the modal.
    app().slack.reset();
    await importFile('trade show.csv', 'email,name\nbadge1@prospects.example,Badge One\nbadge2@prospects.example,Badge Two', MARKETER, {
      origin: { value: { type: 'static_select', selected_option: { value: 'sales' } } },
      owner: { value: { type: 'users_select', selected_user: REP } },
    });
    expect((await finalReport()).text).toContain('2 rows — 2 created');
    expect(await leadsCollection().countDocuments({ 'contact.emailKey': /^badge/, origin: 'sales', 'owner.userId': REP })).toBe(2);
  });

  it('imports each row like the API: created, merged, rejected with row numbers and reasons', async () => {
    const csv = [
      header,
      'one@example.com,One,Acme,fair,clear,approved,decision_maker,this_quarter,blue',
      'two@example.com,Two,Beta,fair,none,none,unknown,later,red',
      'ONE@example.com,One Again,Acme,fair,,,,,green',
      'not-an-email,Bad,Gamma,fair,clear,approved,decision_maker,this_quarter,',
      'four@example.com,Four,Delta,fair,maybe,approved,decision_maker,this_quarter,',
      'five@example.com,Five',
    ].join('\n');
    const res = await importFile('fair leads.csv', csv);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const { text } = await finalReport();
    expect(text).toBe(
      [
        '*Imported fair leads.csv*: 6 rows — 2 created, 1 merged into existing leads, 3 rejected.',
        '2 went to sales, 1 to nurture (most often: score under the threshold of 50 (1)).',
        'Read as UTF-8.',
        'Rejected rows (fix them and import just those again):',
        '• row 5: contact.email is not a valid email address',
        '• row 6: qualification.need must be one of: clear, some, none',
        '• row 7: has 2 values for 9 columns',
        'Columns not imported (no matching field): Favourite colour.',
      ].join('\n'),
    );
    expect(await leadsCollection().countDocuments({ source: 'fair' })).toBe(2);
    expect(await leadsCollection().findOne({ 'contact.emailKey': 'one@example.com' })).toMatchObject({ stage: 'mql', history: [{ event: 'received', by: { kind: 'user', userId: MARKETER } }, { event: 'merged' }] });
    expect((await leadsCollection().findOne({ 'contact.emailKey': 'two@example.com' }))?.stage).toBe('nurture');
  });

  it('imports nothing from a file it cannot read, and says why', async () => {
    const before = await leadsCollection().countDocuments();
    await importFile('broken.csv', `${header}\n"six@example.com,Six,Acme,fair,clear,approved,decision_maker,this_quarter,\n`);
    expect((await finalReport()).text).toMatch(/^Nothing was imported from broken.csv\. The file is not valid CSV: /);
    app().slack.reset();
    await importFile('no-email.csv', 'name,company\nAnn,Acme\n');
    expect((await finalReport()).text).toMatch(/^Nothing was imported from no-email.csv\. No column says who the lead is/);
    app().slack.reset();
    await importFile('page.csv', '<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
    expect((await finalReport()).text).toBe('Nothing was imported from page.csv. The file is a web page, not a CSV.');
    expect(await leadsCollection().countDocuments()).toBe(before);
  });

  it('takes the source, campaign and answers that hold for the whole file, and rows keep their own', async () => {
    // Badge scans from a trade show: no BANT columns at all, one row with its own timeline.
    const csv = ['Email,Full Name,Company Name,Need,Budget', 'scan1@expo.example,Scan One,Expo AG,,', 'scan2@expo.example,Scan Two,Expo AG,none,none', 'scan3@expo.example,Scan Three,Expo AG,,'].join('\n');
    const select = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });
    await importFile('badge scans.csv', csv, MARKETER, {
      source: { value: { type: 'plain_text_input', value: 'trade-show' } },
      campaign: { value: { type: 'plain_text_input', value: 'logistics-expo-2026' } },
      'answer.need': select('clear'),
      'answer.budget': select('planned'),
      'answer.authority': select('decision_maker'),
      'answer.timeline': select('this_quarter'),
    });
    const { text } = await finalReport();
    expect(text).toContain('3 rows — 3 created');
    expect(text).toContain('2 went to sales, 1 to nurture (most often: score under the threshold of 50 (1)).');
    const scan1 = await leadsCollection().findOne({ 'contact.emailKey': 'scan1@expo.example' });
    expect(scan1).toMatchObject({ stage: 'mql', source: 'trade-show', campaign: 'logistics-expo-2026', qualification: { need: 'clear', budget: 'planned', authority: 'decision_maker', timeline: 'this_quarter' } });
    expect(await leadsCollection().findOne({ 'contact.emailKey': 'scan2@expo.example' })).toMatchObject({ stage: 'nurture', qualification: { need: 'none', budget: 'none', timeline: 'this_quarter' } });
  });

  it('says the app needs files:read when Slack does not hand over the file', async () => {
    const res = await app().command(MARKETER, 'import');
    expect(res.status).toBe(200);
    const { view } = await eventually(() => app().slack.views.at(-1), 5000, 'the import modal');
    const file = { ...app().slack.hostFile('leads.csv', 'email\na@example.com\n') };
    // Slack refuses the download (as it does without the files:read scope).
    file.url_private_download = file.url_private_download.replace(/files-pri\/F\d+/, 'files-pri/F0NOTYOURS');
    await app().interact(modalSubmission({ userId: MARKETER, view, values: { file: { value: { type: 'file_input', files: [file] } } } }));
    expect((await finalReport()).text).toMatch(/^Nothing was imported from leads\.csv\. Slack did not hand over the file \(it answered 403\): the Leadloop app needs the `files:read` scope/);
  });

  it('reads what Excel saves in Europe: Windows-1252 with semicolons', async () => {
    const bytes = Buffer.from('E-Mail;Name;Firma;Land\nzoe@example.com;Zoë Lefèvre;Café Müller;Österreich\n', 'latin1');
    await importFile('excel.csv', bytes);
    const { text } = await finalReport();
    expect(text).toContain('1 row — 1 created');
    expect(text).toContain('Read as Windows-1252.');
    expect(await leadsCollection().findOne({ 'contact.emailKey': 'zoe@example.com' })).toMatchObject({ contact: { name: 'Zoë Lefèvre' } });
  });

  it('imports 10,000 rows, showing progress while it runs', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `bulk${i}@example.com,Bulk ${i},Bulk Co,bulk,some,unknown,user,later,`);
    await importFile('big.csv', [header, ...rows].join('\n'));
    const { text, updates } = await finalReport(MARKETER, 120_000);
    expect(text).toBe('*Imported big.csv*: 10,000 rows — 10,000 created, 0 merged into existing leads, 0 rejected.\n0 went to sales, 10,000 to nurture (most often: score under the threshold of 50 (10,000)).\nRead as UTF-8.\nColumns not imported (no matching field): Favourite colour.');
    expect(updates.map((u) => u.args.text)).toContain('Importing big.csv: 5,000 of 10,000 rows…');
    expect(await leadsCollection().countDocuments({ source: 'bulk' })).toBe(10_000);
  }, 150_000);

  it('is for marketing and admins', async () => {
    const res = await app().command(REP, 'import');
    expect(((await res.json()) as { text: string }).text).toBe('Only marketers and admins can import leads.');
  });

  it('ignores and names columns called like JavaScript internals, and its summary says what was stored', async () => {
    const csv = ['email,name,constructor,__proto__,toString,prototype', 'internals@example.com,Inter Nals,a,b,c,d'].join('\n');
    expect((await importFile('internals.csv', csv)).status).toBe(200);
    const { text } = await finalReport();
    expect(text).toBe(
      ['*Imported internals.csv*: 1 row — 1 created, 0 merged into existing leads, 0 rejected.', '0 went to sales, 1 to nurture (most often: company name is missing (1); Need / product fit is not answered (1); score under the threshold of 50 (1)).', 'Read as UTF-8.', 'Columns not imported (no matching field): constructor, __proto__, toString, prototype.'].join('\n'),
    );
    expect(await leadsCollection().countDocuments({ 'contact.emailKey': 'internals@example.com' })).toBe(1);
  });
});
