import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 'secret',
  LEADS_CHANNEL_ID: 'C0123456789',
  INTAKE_API_TOKEN: 'a-long-intake-token-123',
};

describe('loadConfig', () => {
  it('applies defaults: HTTP mode on port 3000, Slack’s own API, embedded database', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      port: 3000,
      mongodbUri: undefined,
      slack: { socketMode: false, apiUrl: 'https://slack.com/api/' },
      leadsChannelId: 'C0123456789',
    });
  });

  it('switches to Socket Mode when an app token is set, without needing a signing secret', () => {
    const { SLACK_SIGNING_SECRET: _, ...rest } = valid;
    expect(loadConfig({ ...rest, SLACK_APP_TOKEN: 'xapp-1-A1-xyz' }).slack.socketMode).toBe(true);
  });

  it('sends the digest on Monday at 09:00 unless told otherwise, as cron in the team’s time zone', () => {
    expect(loadConfig(valid).digestSchedule).toEqual({ text: 'mon 09:00', cron: '0 9 * * 1' });
    expect(loadConfig({ ...valid, DIGEST_SCHEDULE: ' Fri 16:30 ' }).digestSchedule).toEqual({ text: 'fri 16:30', cron: '30 16 * * 5' });
    expect(loadConfig({ ...valid, DIGEST_SCHEDULE: 'sun 00:05' }).digestSchedule.cron).toBe('5 0 * * 0');
  });

  it('adds the trailing slash the Web API client needs to SLACK_API_URL', () => {
    expect(loadConfig({ ...valid, SLACK_API_URL: 'http://127.0.0.1:9999/api' }).slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
  });

  const bad: Array<[string, Record<string, string | undefined>, RegExp]> = [
    ['a missing bot token', { SLACK_BOT_TOKEN: undefined }, /SLACK_BOT_TOKEN is missing/],
    ['a user token instead of a bot token', { SLACK_BOT_TOKEN: 'xoxp-1' }, /SLACK_BOT_TOKEN must be a bot token/],
    ['a channel name instead of an id', { LEADS_CHANNEL_ID: '#leads' }, /LEADS_CHANNEL_ID must be a Slack channel ID/],
    ['a short intake token', { INTAKE_API_TOKEN: 'short' }, /INTAKE_API_TOKEN must be at least 16/],
    ['a port that is not a number', { PORT: 'eighty' }, /PORT must be a port number/],
    ['a bad MongoDB URI', { MONGODB_URI: 'localhost:27017' }, /MONGODB_URI must start with mongodb:\/\//],
    ['an unknown time zone', { TZ: 'Mars/Olympus' }, /TZ must be an IANA time zone/],
    ['no signing secret in HTTP mode', { SLACK_SIGNING_SECRET: undefined }, /SLACK_SIGNING_SECRET is missing/],
    ['a digest schedule without a weekday', { DIGEST_SCHEDULE: '09:00' }, /DIGEST_SCHEDULE must be a weekday and a time, such as "mon 09:00"/],
    ['an impossible digest time', { DIGEST_SCHEDULE: 'mon 25:00' }, /DIGEST_SCHEDULE must be a weekday and a time/],
    ['a channel as escalation target', { LEADLOOP_ESCALATE_TO: 'C0123456789' }, /LEADLOOP_ESCALATE_TO must be a Slack user ID \(U…\) or user group ID \(S…\)/],
  ];
  for (const [what, change, message] of bad) {
    it(`stops with one line naming the setting for ${what}`, () => {
      const env = { ...valid, ...change };
      expect(() => loadConfig(env)).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (error) {
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain('\n');
      }
    });
  }

  it('names every bad setting at once', () => {
    expect(() => loadConfig({})).toThrow(/SLACK_BOT_TOKEN.*LEADS_CHANNEL_ID.*INTAKE_API_TOKEN.*SLACK_SIGNING_SECRET/);
  });
});

describe('intake tokens', () => {
  it('takes several tokens, comma-separated, and a per-token rate limit defaulting to 600 a minute', () => {
    const config = loadConfig({ ...valid, INTAKE_API_TOKEN: 'first-token-0123456789, second-token-0123456789' });
    expect(config.intakeApiTokens).toEqual(['first-token-0123456789', 'second-token-0123456789']);
    expect(config.intakeRateLimitPerMinute).toBe(600);
  });

  it('refuses a short token among several', () => {
    expect(() => loadConfig({ ...valid, INTAKE_API_TOKEN: 'first-token-0123456789,short' })).toThrow(/INTAKE_API_TOKEN must be at least 16 characters each/);
  });
});

describe('roles', () => {
  it('reads comma-separated Slack user IDs for admins, sales and marketing', () => {
    const config = loadConfig({ ...valid, LEADLOOP_ADMINS: 'U0ADMIN01, W0ADMIN02', LEADLOOP_SALES: 'U0SALES01', LEADLOOP_MARKETING: '' });
    expect(config.roles).toEqual({ admins: ['U0ADMIN01', 'W0ADMIN02'], sales: ['U0SALES01'], marketing: [] });
  });

  it('refuses a name where an ID belongs, naming the setting', () => {
    expect(() => loadConfig({ ...valid, LEADLOOP_SALES: 'U0SALES01,@dana' })).toThrow(/LEADLOOP_SALES must list Slack user IDs/);
  });
});
