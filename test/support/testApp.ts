import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startLeadloop, type RunningLeadloop } from '../../src/app.js';
import type { JobTiming } from '../../src/jobs/jobs.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { FakeSlack } from './fakeSlack.js';
import { signedCommand, signedInteraction } from './slackRequests.js';
import { uniqueDatabaseUri } from './testDatabase.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const INTAKE_TOKEN = 'test-intake-token-0123456789';
export const LEADS_CHANNEL = 'C0LEADS0001';

/** Everything the app logged during a test, as parsed JSON lines. */
export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line));
    }
    done();
  }
}

export type TestApp = {
  url: string;
  slack: FakeSlack;
  logs: LogCapture;
  config: Config;
  running: RunningLeadloop;
  database: { uri: string; drop(): Promise<void> };
  /** POSTs a lead to the intake API with the right token unless told otherwise. */
  postLead(body: unknown, init?: { token?: string | null; contentType?: string; raw?: string }): Promise<Response>;
  /** Sends a signed interactivity payload to /slack/events, as Slack does. */
  interact(payload: unknown): Promise<Response>;
  /** Runs `/leads <text>` as that user, signed as Slack does; resolves with the HTTP answer. */
  command(userId: string, text: string): Promise<Response>;
  stop(): Promise<void>;
};

/** Starts the real app on a free port, against the fake Slack and a fresh database. */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    now?: () => Date;
    beforeStart?: (slack: FakeSlack) => void;
    /** Another app's database, to run two instances on one (dropped by whichever stops first). */
    database?: { uri: string; drop(): Promise<void> };
    timing?: Partial<JobTiming>;
    commandAnswerMs?: number;
    homePublishBudget?: { perMinute: number; burst: number };
  } = {},
): Promise<TestApp> {
  const slack = new FakeSlack();
  await slack.start();
  options.beforeStart?.(slack);
  const database = options.database ?? uniqueDatabaseUri();
  const logs = new LogCapture();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    MONGODB_URI: database.uri,
    LEADS_CHANNEL_ID: LEADS_CHANNEL,
    INTAKE_API_TOKEN: INTAKE_TOKEN,
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const running = await startLeadloop(config, {
    logger: createLogger(config.logLevel, logs),
    now: options.now,
    timing: { processEvery: 50, retryBaseMs: 50, retryMaxMs: 400, sweepGraceMs: 1_000, ...options.timing },
    commandAnswerMs: options.commandAnswerMs,
    homePublishBudget: options.homePublishBudget,
    slackRetries: 1,
    definitionCacheMs: 0,
    slackTimeoutMs: 2_000,
  });
  const url = `http://127.0.0.1:${running.port}`;
  /** Every email and phone this app was sent: none may ever appear in its logs. */
  const contactData = new Set<string>();
  return {
    url,
    slack,
    logs,
    config,
    running,
    database,
    postLead(body, init = {}) {
      const contact = (body as { contact?: { email?: unknown; phone?: unknown } } | null)?.contact;
      for (const value of [contact?.email, contact?.phone]) {
        if (typeof value === 'string' && value.trim().length >= 6) contactData.add(value.trim());
      }
      const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
      const token = init.token === undefined ? INTAKE_TOKEN : init.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      return fetch(`${url}/api/leads`, { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) });
    },
    interact(payload) {
      const request = signedInteraction(SIGNING_SECRET, payload);
      return fetch(`${url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    },
    command(userId, text) {
      const request = signedCommand(SIGNING_SECRET, { userId, text, channelId: LEADS_CHANNEL, responseUrl: slack.responseUrl(`${userId}-${Date.now()}`) });
      return fetch(`${url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    },
    async stop() {
      await running.stop();
      await slack.stop();
      await database.drop();
      // Everything this app logged (at debug level) is scanned for lead contact data.
      const everything = logs.raw.join('\n');
      const leaked = [...contactData].filter((value) => everything.includes(value) || everything.includes(JSON.stringify(value).slice(1, -1)));
      if (leaked.length > 0) throw new Error(`the logs contain lead contact data: ${leaked.slice(0, 5).join(', ')}`);
    },
  };
}

/**
 * One app for the whole test file: started before all tests, fake Slack
 * cleared before each, stopped after all. Call the returned function for it.
 */
export function useTestApp(options: Parameters<typeof startTestApp>[0] = {}): () => TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp(options);
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(() => app?.slack.reset());
  return () => {
    if (!app) throw new Error('the test app has not started');
    return app;
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<Exclude<T, false | undefined | null>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value as Exclude<T, false | undefined | null>;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

let companies = 0;
/**
 * A complete, qualifying lead; override what a test cares about. Each has a
 * company domain of its own unless the test names one: leads from one
 * company go to the rep who owns it (account routing).
 */
export function aLead(overrides: Record<string, any> = {}) {
  const n = ++companies;
  return {
    contact: { name: 'Dana Whitfield', email: 'dana.whitfield@example.com', phone: '+1 415 555 0134', title: 'VP Operations' },
    company: { name: 'Northwind Freight', domain: `northwind${n}.example`, size: '201-500', industry: 'Logistics', country: 'US' },
    source: 'webinar',
    campaign: 'q4-ops-automation',
    qualification: { need: 'clear', budget: 'approved', authority: 'Decision maker', timeline: 'this_quarter' },
    note: 'Asked for a demo after the webinar.',
    ...overrides,
  };
}
