import { ConfigError } from './errors.js';
import { z } from 'zod';

/**
 * Everything the app reads from the environment, validated once at start-up.
 * Nothing else in the code reads process.env.
 */
const slackChannelId = z
  .string()
  .regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel ID such as C0123456789 (not a #name)');

/** Comma-separated Slack user IDs, e.g. "U0123ABC,U0456DEF". */
const userIdList = z
  .string()
  .transform((v) => v.split(',').map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{6,}$/, 'must list Slack user IDs such as U0123456789, separated by commas')));

const DIGEST_SCHEDULE_PATTERN = /^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/;

/** "Mon 09:00" → its normal form and the cron expression agenda schedules by ("0 9 * * 1"); null if unreadable. */
export function parseDigestSchedule(text: string): { text: string; cron: string } | null {
  const normal = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return DIGEST_SCHEDULE_PATTERN.test(normal) ? { text: normal, cron: digestCron(normal) } : null;
}

const envSchema = z.object({
  SLACK_BOT_TOKEN: z.string({ error: 'is missing (the Bot User OAuth Token, xoxb-…)' }).startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z.string().min(1, 'is empty').optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.url({ error: 'must be a URL such as https://slack.com/api/' }).optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  LEADS_CHANNEL_ID: slackChannelId.optional(),
  DIGEST_CHANNEL_ID: slackChannelId.optional(),
  // Several tokens, comma-separated, let one be rotated without downtime.
  INTAKE_API_TOKEN: z
    .string()
    .transform((v) => v.split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(16, 'must be at least 16 characters each (use long random values)')).min(1, 'is empty'))
    .optional(),
  INTAKE_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).default(600),
  /** Wrong bearer tokens one client address may send per minute before it gets 429. */
  API_AUTH_FAILURES_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).default(20),
  /** How many proxies in front of Leadloop to trust for the client's address (X-Forwarded-For); 0 = none. */
  TRUST_PROXY_HOPS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(10).default(0),
  PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(0).max(65535).default(3000),
  TZ: z
    .string()
    .refine((tz) => isTimeZone(tz), 'must be an IANA time zone such as Europe/Berlin')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LEADLOOP_DATA_DIR: z.string().min(1).default('.leadloop-data'),
  LEAD_DEFINITION_FILE: z.string().min(1).default('config/lead-definition.yml'),
  /** Queues: read on the first start only; then admins change them with /leads routing. */
  ROUTING_FILE: z.string().min(1).default('config/routing.yml'),
  /** Advanced: how long a post job stays locked to one instance (tests shorten it). */
  LEADLOOP_POST_LOCK_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).max(600_000).optional(),
  /** How long a request holds its Idempotency-Key before a retry may take it over (an instance that died mid-request). */
  LEADLOOP_IDEMPOTENCY_LEASE_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).max(60_000).default(30_000),
  LEADLOOP_ADMINS: userIdList.optional(),
  LEADLOOP_SALES: userIdList.optional(),
  LEADLOOP_MARKETING: userIdList.optional(),
  /** Who hears about escalated leads: a user (U…) or a user group (S…). */
  LEADLOOP_ESCALATE_TO: z
    .string()
    .trim()
    .regex(/^[UWS][A-Z0-9]{6,}$/, 'must be a Slack user ID (U…) or user group ID (S…)')
    .optional(),
  /** The address the world reaches Leadloop at (behind a proxy): HubSpot signs the URL it called. */
  PUBLIC_URL: z.url({ error: 'must be a URL such as https://leadloop.example.com' }).optional(),
  /** The client secret of the HubSpot app whose webhooks Leadloop receives (POST /api/crm/hubspot). */
  HUBSPOT_CLIENT_SECRET: z.string().trim().min(8, 'must be the HubSpot app’s client secret').optional(),
  /** The Salesforce org whose Outbound Messages are accepted (18 or 15 characters, 00D…); any org when unset. */
  SALESFORCE_ORG_ID: z.string().trim().regex(/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, 'must be a Salesforce organization ID such as 00D5g000004ABCDEAY').optional(),
  /** How HubSpot and Salesforce values map to Leadloop's stages (defaults fit a new portal or org). */
  CRM_MAPPING_FILE: z.string().min(1).default('config/crm.yml'),
  /** When the weekly digest goes out, in TZ: a weekday and a 24-hour time. */
  DIGEST_SCHEDULE: z
    .string()
    .trim()
    .toLowerCase()
    .regex(DIGEST_SCHEDULE_PATTERN, 'must be a weekday and a time, such as "mon 09:00"')
    .default('mon 09:00'),
});

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function digestCron(schedule: string): string {
  const [day, time] = schedule.split(' ') as [string, string];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return `${minute} ${hour} * * ${WEEKDAYS.indexOf(day)}`;
}

export type Config = {
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
    /** Socket Mode when an app token is given; otherwise HTTP on `port`. */
    socketMode: boolean;
  };
  mongodbUri: string | undefined;
  leadsChannelId: string;
  digestChannelId: string | undefined;
  /** Every token accepted on the intake API (old and new during a rotation). */
  intakeApiTokens: string[];
  /** Requests per minute allowed for each token, so one broken form cannot flood the channel. */
  intakeRateLimitPerMinute: number;
  /** Wrong bearer tokens per client address per minute before 429. */
  authFailuresPerMinute: number;
  /** Proxies to trust for the client's address. */
  trustProxyHops: number;
  /** How long a request holds its Idempotency-Key before a retry may take it over. */
  idempotencyLeaseMs: number;
  port: number;
  timeZone: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dataDir: string;
  /** The default lead definition, read on the first start only. */
  definitionFile: string;
  /** The queues, read on the first start only (optional at the default path). */
  routingFile: { path: string; required: boolean };
  /** Who may change the definition and override owners, and who speaks for sales and for marketing. */
  roles: { admins: string[]; sales: string[]; marketing: string[] };
  /** The sales manager (user) or user group told about escalations. */
  escalateTo: string | undefined;
  /** The weekly digest's schedule: as written, and as cron in `timeZone`. */
  digestSchedule: { text: string; cron: string };
  postLockMs: number | undefined;
  /** Where the world reaches Leadloop, if behind a proxy (no trailing slash). */
  publicUrl: string | undefined;
  crm: { hubspotClientSecret: string | undefined; salesforceOrgId: string | undefined; mappingFile: string; mappingFileRequired: boolean };
};


const required: Array<[keyof z.infer<typeof envSchema>, string]> = [
  ['LEADS_CHANNEL_ID', 'is missing (the ID of the channel where new leads are posted, e.g. C0123456789)'],
  ['INTAKE_API_TOKEN', 'is missing (the bearer token forms and systems use for POST /api/leads)'],
];

/** Reads and checks the environment; throws one ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
  const values = parsed.success ? parsed.data : undefined;

  for (const [name, message] of required) {
    if (present[name] === undefined) problems.push(`${name} ${message}`);
  }
  const socketMode = present.SLACK_APP_TOKEN !== undefined;
  if (!socketMode && present.SLACK_SIGNING_SECRET === undefined) {
    problems.push('SLACK_SIGNING_SECRET is missing (needed to verify requests from Slack in HTTP mode)');
  }
  if (problems.length > 0 || !values) {
    throw new ConfigError(`Leadloop cannot start: ${[...new Set(problems)].join('; ')}`);
  }

  return {
    slack: {
      botToken: values.SLACK_BOT_TOKEN,
      signingSecret: values.SLACK_SIGNING_SECRET,
      appToken: values.SLACK_APP_TOKEN,
      apiUrl: withTrailingSlash(values.SLACK_API_URL ?? 'https://slack.com/api/'),
      socketMode,
    },
    mongodbUri: values.MONGODB_URI,
    leadsChannelId: values.LEADS_CHANNEL_ID!,
    digestChannelId: values.DIGEST_CHANNEL_ID,
    intakeApiTokens: values.INTAKE_API_TOKEN!,
    intakeRateLimitPerMinute: values.INTAKE_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: values.API_AUTH_FAILURES_PER_MINUTE,
    trustProxyHops: values.TRUST_PROXY_HOPS,
    idempotencyLeaseMs: values.LEADLOOP_IDEMPOTENCY_LEASE_MS,
    port: values.PORT,
    timeZone: values.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    logLevel: values.LOG_LEVEL,
    dataDir: values.LEADLOOP_DATA_DIR,
    definitionFile: values.LEAD_DEFINITION_FILE,
    routingFile: { path: values.ROUTING_FILE, required: present.ROUTING_FILE !== undefined },
    postLockMs: values.LEADLOOP_POST_LOCK_MS,
    roles: { admins: values.LEADLOOP_ADMINS ?? [], sales: values.LEADLOOP_SALES ?? [], marketing: values.LEADLOOP_MARKETING ?? [] },
    escalateTo: values.LEADLOOP_ESCALATE_TO,
    // Validated by the schema above, so it always reads.
    digestSchedule: parseDigestSchedule(values.DIGEST_SCHEDULE)!,
    publicUrl: values.PUBLIC_URL?.replace(/\/+$/, ''),
    crm: { hubspotClientSecret: values.HUBSPOT_CLIENT_SECRET, salesforceOrgId: values.SALESFORCE_ORG_ID, mappingFile: values.CRM_MAPPING_FILE, mappingFileRequired: present.CRM_MAPPING_FILE !== undefined },
  };
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
