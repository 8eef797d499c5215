import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uniqueDatabaseUri } from '../support/testDatabase.js';

/**
 * The sandbox as a newcomer meets it: `npm start` with no Slack settings,
 * then a real browser (Debian's headless Chromium, driven by
 * playwright-core). Two reps claim the same lead at once, one wins; the lead
 * is accepted, qualified at the meeting and won; another is rejected; Home
 * shows the rep's leads; the digest reports the week. Every step leaves a
 * screenshot in test-artifacts/sandbox/. No block may be one the sandbox
 * cannot draw.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'sandbox');
const RILEY = 'U0SBXREP01';
const SAM = 'U0SBXREP02';
const MIA = 'U0SBXMKT01';

type Running = { child: ChildProcess; url: string; output: () => string };
const database = uniqueDatabaseUri();
const dataDir = mkdtempSync(join(tmpdir(), 'leadloop-sandbox-'));
let app: Running;
let browser: Browser;

function startSandboxApp(port = '0'): Promise<Running> {
  return new Promise((resolve, reject) => {
    // As a newcomer starts it: no Slack setting at all.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MONGODB_URI: database.uri, PORT: port, LEADLOOP_DATA_DIR: dataDir, LOG_LEVEL: 'warn', TZ: 'Europe/Berlin' },
    });
    let output = '';
    child.stdout!.on('data', (d) => {
      output += d;
      const line = /Leadloop sandbox: open (http:\/\/localhost:\d+\/sandbox)/.exec(output);
      if (line) resolve({ child, url: line[1]!, output: () => output });
    });
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it ran: ${output}`)));
  });
}

function stop(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.once('exit', () => resolve());
    running.child.kill('SIGTERM');
  });
}

/**
 * While set, what the app changes reaches no page until it resolves: the
 * pages' long polls are answered but held back here. Two reps then look at
 * the same lead and click at once, however slow the machine; without it a
 * busy machine lets one claim land and redraw the other rep's message before
 * that rep's click, and the race is not a race.
 */
let updatesHeld: Promise<void> | null = null;

async function pageAs(userId: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((id) => localStorage.setItem('leadloop.sandbox.user', id), userId);
  await context.route('**/sandbox/state?**', async (route) => {
    const response = await route.fetch({ timeout: 0 }).catch(() => null);
    if (!response) return void (await route.abort().catch(() => undefined));
    await updatesHeld;
    await route.fulfill({ response }).catch(() => undefined);
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.locator('body[data-connected="true"]').waitFor();
  return page;
}

let step = 0;
async function shot(page: Page, name: string): Promise<void> {
  step += 1;
  await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  // Nothing the app sent may be a block the sandbox cannot draw.
  expect(await page.locator('[data-unrenderable]').count()).toBe(0);
}

/** The message in the current channel whose text contains `who`. */
const message = (page: Page, who: string) => page.locator('article.msg:not(.ephemeral)', { hasText: who }).first();

describe.skipIf(!CHROMIUM && !process.env.CI)('the local sandbox, in a real browser', () => {
  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('Chromium is not installed (CI installs Debian’s chromium; set CHROMIUM_PATH)');
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startSandboxApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 90_000);
  beforeEach(({ task, onTestFailed }) => {
    // What the app said (warnings and errors) beside the screenshots, when a step failed.
    onTestFailed(() => void (app && writeFileSync(join(ARTIFACTS, `app-output-${task.name.slice(0, 40).replace(/\W+/g, '-')}.log`), app.output())));
  });
  afterAll(async () => {
    await browser?.close();
    if (app) await stop(app);
    await database.drop();
  });

  it('takes a lead from arrival through a race for the claim to won, a rejection, Home and the digest', async () => {
    const mia = await pageAs(MIA);
    const riley = await pageAs(RILEY);
    const sam = await pageAs(SAM);
    await shot(riley, 'empty-leads-channel');

    // A lead arrives.
    await mia.getByRole('button', { name: 'Send sample leads' }).click();
    await message(riley, 'Dana Whitfield').waitFor();
    await message(sam, 'Dana Whitfield').waitFor();
    await expect.poll(() => riley.locator('article.msg', { hasText: 'New lead' }).count()).toBe(3);
    await shot(riley, 'leads-arrived');

    // Two reps click Claim at once (neither page learns of the other's claim before both clicked): one wins, the other is told.
    let release = () => undefined as void;
    updatesHeld = new Promise<void>((resolve) => (release = resolve));
    const clicked = (page: Page) => page.waitForResponse((r) => r.url().endsWith('/sandbox/act') && r.request().method() === 'POST');
    try {
      await Promise.all([
        clicked(riley),
        clicked(sam),
        message(riley, 'Dana Whitfield').getByRole('button', { name: 'Claim' }).click(),
        message(sam, 'Dana Whitfield').getByRole('button', { name: 'Claim' }).click(),
      ]);
    } finally {
      updatesHeld = null;
      release();
    }
    await expect.poll(async () => (await message(riley, 'Dana Whitfield').innerText()).match(/Claimed by @(Riley Rep|Sam Rep)/)?.[1] ?? null, { timeout: 10_000 }).not.toBeNull();
    const winnerName = (await message(riley, 'Dana Whitfield').innerText()).match(/Claimed by @(Riley Rep|Sam Rep)/)![1]!;
    const [winner, loser] = winnerName === 'Riley Rep' ? [riley, sam] : [sam, riley];
    await loser.locator('article.ephemeral', { hasText: `@${winnerName} already claimed this lead` }).waitFor();
    await shot(loser, 'claim-race-lost');

    // Accept → Meeting booked (the qualification form) → Won with an amount.
    await message(winner, 'Dana Whitfield').getByRole('button', { name: 'Accept' }).click();
    await message(winner, 'Dana Whitfield').getByText(`Accepted by @${winnerName}`).waitFor();
    await message(winner, 'Dana Whitfield').getByRole('button', { name: 'Meeting booked' }).click();
    const form = winner.getByRole('dialog');
    await form.getByText('Meeting booked').first().waitFor();
    expect(await form.getByLabel('Budget').inputValue()).toBe('approved');
    await form.getByLabel('Budget').selectOption('planned');
    await shot(winner, 'qualification-form');
    await form.getByRole('button', { name: 'Save' }).click();
    await message(winner, 'Dana Whitfield').getByText('Approved → Planned').waitFor();
    await message(winner, 'Dana Whitfield').getByRole('button', { name: 'Won' }).click();
    await form.getByLabel('Amount').fill('12500');
    await form.getByLabel('Currency').selectOption('EUR');
    await form.getByRole('button', { name: 'Save' }).click();
    await message(winner, 'Dana Whitfield').getByText('Won: €12,500.00').waitFor();
    await shot(winner, 'lead-won');

    // A rejection with its reason, by the other rep.
    await message(loser, 'Jonas Berger').getByRole('button', { name: 'Claim' }).click();
    await message(loser, 'Jonas Berger').getByRole('button', { name: 'Not a lead' }).click();
    const reject = loser.getByRole('dialog');
    // Saving without a reason keeps the form open with the problem on its field.
    await reject.getByLabel('Reason').selectOption('no_budget');
    await reject.getByRole('button', { name: 'Save' }).click();
    await message(loser, 'Jonas Berger').getByText('Not a lead: No budget').waitFor();
    await shot(loser, 'lead-rejected');

    // App Home: the lead still waiting to be claimed, claimed from there; then it is the rep's, with its next step.
    await winner.getByRole('button', { name: 'Leadloop · Home' }).click();
    await winner.locator('#pane', { hasText: 'Amélie Laurent' }).waitFor();
    await winner.locator('#pane').getByRole('button', { name: 'Claim' }).first().click();
    await winner.locator('#pane').getByRole('button', { name: 'Accept' }).first().waitFor();
    await shot(winner, 'app-home');

    // The digest reports the week so far, the won lead included, with its chart in the thread.
    await mia.getByRole('button', { name: 'Run the weekly digest now' }).click();
    await mia.getByRole('button', { name: '# marketing-digest' }).click();
    const digest = message(mia, 'Weekly leads digest');
    await digest.waitFor({ timeout: 15_000 });
    expect(await digest.innerText()).toMatch(/Won\s+1 · €12,500/);
    await digest.locator('.file img').waitFor({ timeout: 15_000 });
    await shot(mia, 'weekly-digest');
  }, 120_000);

  it('works at phone width and with the keyboard alone', async () => {
    const phone = await pageAs(MIA, { width: 390, height: 844 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Keyboard only: into the command box, a command, Enter.
    await phone.locator('#command').focus();
    await phone.keyboard.type('/leads help');
    await phone.keyboard.press('Enter');
    await phone.locator('article.ephemeral', { hasText: 'What you can do' }).waitFor();
    // A modal opened from the keyboard closes with Escape.
    await phone.locator('#command').focus();
    await phone.keyboard.type('/leads new');
    await phone.keyboard.press('Enter');
    await phone.getByRole('dialog').waitFor();
    await shot(phone, 'phone-new-lead-modal');
    await phone.keyboard.press('Escape');
    await phone.getByRole('dialog').waitFor({ state: 'detached' });
    // A block the sandbox cannot draw shows as a visible error naming its type, never as nothing.
    const drawn = await phone.evaluate(() => (window as unknown as { blocksHtml(b: unknown[], c: unknown, f: string): string }).blocksHtml([{ type: 'video' }], { where: '{}' }, ''));
    expect(drawn).toContain('data-unrenderable="video"');
    expect(drawn).toContain('The sandbox cannot show a block of type “video”.');
  }, 60_000);

  it('imports a CSV chosen in the /leads import form and reports in a direct message', async () => {
    const mia = await pageAs(MIA);
    await mia.locator('#command').fill('/leads import');
    await mia.locator('#command').press('Enter');
    const form = mia.getByRole('dialog');
    await form.getByLabel('CSV file').setInputFiles({ name: 'trade show.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name,company,need,budget,authority,timeline\nbadge1@fair.example,Bea Badge,Fair GmbH,clear,approved,decision_maker,this_quarter\nbadge2@fair.example,Ben Badge,Fair GmbH,none,none,user,later\n') });
    await shot(mia, 'import-form');
    await form.getByRole('button', { name: 'Import' }).click();
    await form.waitFor({ state: 'detached' });
    await mia.getByRole('button', { name: 'Leadloop (direct messages)' }).click();
    await mia.locator('article.msg', { hasText: 'Imported trade show.csv' }).waitFor({ timeout: 15_000 });
    expect(await mia.locator('article.msg', { hasText: 'Imported trade show.csv' }).innerText()).toContain('2 rows — 2 created');
    await shot(mia, 'import-report');
  }, 60_000);

  it('draws the admin’s forms: the settings, and the definition with its proposal form', async () => {
    const ada = await pageAs('U0SBXADM01');
    await ada.locator('#command').fill('/leads settings');
    await ada.locator('#command').press('Enter');
    const settings = ada.getByRole('dialog');
    await settings.getByText('Leads channel').first().waitFor();
    await shot(ada, 'settings-form');
    await settings.getByRole('button', { name: 'Cancel' }).click();
    await settings.waitFor({ state: 'detached' });
    await ada.locator('#command').fill('/leads definition');
    await ada.locator('#command').press('Enter');
    const answer = ada.locator('article.ephemeral', { hasText: 'How it performs' });
    await answer.waitFor();
    await answer.getByRole('button', { name: 'Propose a change' }).click();
    await ada.getByRole('dialog').locator('textarea').waitFor();
    await shot(ada, 'definition-form');
  }, 60_000);

  it('reconnects after a restart without losing anything', async () => {
    const page = await pageAs(RILEY);
    await message(page, 'Dana Whitfield').waitFor();
    const port = new URL(app.url).port;
    await stop(app);
    await page.locator('body[data-connected="false"]').waitFor({ timeout: 30_000 });
    app = await startSandboxApp(port);
    await page.locator('body[data-connected="true"]').waitFor({ timeout: 30_000 });
    await message(page, 'Dana Whitfield').getByText('Won: €12,500.00').waitFor();
    await shot(page, 'after-restart');
  }, 90_000);
});
