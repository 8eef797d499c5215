import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fakeSlack.js';
import { uniqueDatabaseUri } from './support/testDatabase.js';

/** Starts the app as a user would (node src/main.ts) and collects what it prints until it exits. */
function runApp(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      // A clean environment: nothing from the developer's shell leaks in.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

const base = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  LEADS_CHANNEL_ID: 'C0LEADS0001',
  INTAKE_API_TOKEN: 'test-intake-token-0123456789',
  PORT: '0',
};

const slack = new FakeSlack();
beforeAll(async () => {
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
});

describe('starting the app', () => {
  it('stops with one line naming a missing setting', async () => {
    const { LEADS_CHANNEL_ID: _, ...env } = base;
    const result = await runApp(env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Leadloop cannot start: LEADS_CHANNEL_ID is missing/)]);
  });

  it('in production, with no Slack setting at all, stops with one line instead of opening the sandbox', async () => {
    const result = await runApp({ NODE_ENV: 'production', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Leadloop cannot start: SLACK_BOT_TOKEN is missing.*LEADS_CHANNEL_ID is missing.*INTAKE_API_TOKEN is missing.*SLACK_SIGNING_SECRET is missing/)]);
    expect(result.stdout).not.toContain('sandbox');
  });

  it('stops with one line saying how to set MONGODB_URI when the embedded MongoDB cannot be downloaded', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'leadloop-offline-'));
    const result = await runApp({
      ...base,
      SLACK_API_URL: slack.url,
      LEADLOOP_DATA_DIR: join(scratch, 'data'),
      // Make the download fail at once, as it does offline, and find no cached binary.
      MONGOMS_DOWNLOAD_MIRROR: 'http://127.0.0.1:9',
      MONGOMS_DOWNLOAD_DIR: join(scratch, 'binaries'),
      LOG_LEVEL: 'silent',
    }, 60_000);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/could not start its embedded MongoDB .*Set MONGODB_URI to a MongoDB server you run/);
  });

  it('stops with one line when Slack refuses the bot token', async () => {
    slack.failNext('auth.test', { error: 'invalid_auth' });
    const db = uniqueDatabaseUri();
    const result = await runApp({ ...base, SLACK_API_URL: slack.url, MONGODB_URI: db.uri, LOG_LEVEL: 'silent' });
    await db.drop();
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/)]);
  });

  it('stops with one line when Slack cannot be reached', async () => {
    const db = uniqueDatabaseUri();
    const result = await runApp({ ...base, SLACK_API_URL: 'http://127.0.0.1:9/api/', MONGODB_URI: db.uri, LOG_LEVEL: 'silent' });
    await db.drop();
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Leadloop could not reach Slack at http:\/\/127\.0\.0\.1:9\/api\/ to check SLACK_BOT_TOKEN/)]);
  });
});

describe('starting in Socket Mode', () => {
  it('stops with one line when Slack refuses the app token', async () => {
    const db = uniqueDatabaseUri();
    // The fake answers apps.connections.open with invalid_auth unless told a socket URL.
    const result = await runApp({ ...base, SLACK_APP_TOKEN: 'xapp-1-wrong', SLACK_API_URL: slack.url, MONGODB_URI: db.uri, LOG_LEVEL: 'silent' });
    await db.drop();
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Slack refused SLACK_APP_TOKEN \(invalid_auth\)/)]);
  });
});
