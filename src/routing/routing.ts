import { z } from 'zod';
import type { FieldError } from '../leads/fieldErrors.js';
import type { Lead } from '../leads/lead.js';
import { countryCode } from '../leads/leadValues.js';
import { countriesOf, isRegionName, REGION_NAMES, type RegionName } from './regions.js';

/**
 * Queues: where a qualified lead is posted and who takes it. A lead goes to
 * the first queue whose condition it meets, in order; a lead that meets
 * none goes to the default queue (the leads channel and the sales roster).
 * Pure: read from config/routing.yml or an admin's edit, checked here for
 * everything that needs no Slack (unknown fields, ids' shapes, regions,
 * size bands, unreachable queues).
 */
export type QueueCondition = {
  country?: string[];
  region?: RegionName[];
  size?: string[];
  industry?: string[];
  source?: string[];
  campaign?: string[];
  score?: { min?: number; max?: number };
};

export type Queue = {
  name: string;
  /** A channel ID (C… or G…). */
  channel: string;
  /** Users (U…, W…) and user groups (S…), in turn order. */
  reps: string[];
  when: QueueCondition;
  /** A rep's share of turns (default 1; a new rep at 0.5 gets half as many). */
  weights?: Record<string, number>;
  /** Most leads a rep is given by turn in one day (the team's time zone). */
  dailyCap?: number;
};

export type Routing = { queues: Queue[] };

/** The queue name reports and `queue:` use for leads no queue matched. */
export const DEFAULT_QUEUE = 'default';

const userId = /^[UW][A-Z0-9]{6,}$/;
const groupId = /^S[A-Z0-9]{6,}$/;
const textList = z.array(z.string().trim().min(1, 'must not be empty').max(100), { error: 'must be a list such as [a, b]' }).min(1, 'must name at least one');

const conditionSchema = z.strictObject(
  {
    country: z.array(z.string().trim(), { error: 'must be a list of ISO country codes such as [DE, FR]' }).min(1, 'must name at least one').optional(),
    region: z.array(z.string().trim(), { error: `must be a list of regions: ${REGION_NAMES.join(', ')}` }).min(1, 'must name at least one').optional(),
    size: textList.optional(),
    industry: textList.optional(),
    source: textList.optional(),
    campaign: textList.optional(),
    score: z
      .strictObject({ min: z.number({ error: 'must be a number' }).min(0).max(1000).optional(), max: z.number({ error: 'must be a number' }).min(0).max(1000).optional() }, { error: 'must be { min, max }' })
      .optional(),
  },
  { error: 'must be a condition such as { region: [EMEA] }' },
);

const queueSchema = z.strictObject(
  {
    name: z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
    channel: z.string({ error: 'must be a channel ID' }).trim().regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel ID such as C0123456789 (not a #name)'),
    reps: z
      .array(z.string().trim().regex(new RegExp(`${userId.source}|${groupId.source}`), 'must be a Slack user ID (U…) or user group ID (S…)'), { error: 'must be a list of user and user group IDs' })
      .min(1, 'must name at least one rep or user group'),
    when: conditionSchema.default({}),
    weights: z.record(z.string(), z.number({ error: 'must be a number' }).gt(0, 'must be above 0').max(10, 'must be at most 10'), { error: 'must map user IDs to weights, such as { U0123ABC: 0.5 }' }).optional(),
    dailyCap: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000).optional(),
  },
  { error: 'must be a queue with name, channel, reps and when' },
);

const routingSchema = z.strictObject({ queues: z.array(queueSchema, { error: 'must be a list of queues' }).max(50, 'must hold at most 50 queues').default([]) }, { error: 'must be a mapping with queues:' });

/**
 * Reads routing (parsed YAML; null or empty means no queues), checked
 * against the definition's size bands. Every problem is named by its path
 * (`queues[1].when.region`).
 */
export function parseRouting(raw: unknown, context: { sizeBands: string[] }): { ok: true; routing: Routing } | { ok: false; problems: FieldError[] } {
  const parsed = routingSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys' ? i.keys.map((key) => ({ field: pathOf([...i.path, key]), message: 'is not a known field' })) : [{ field: pathOf(i.path), message: i.message }],
      ),
    };
  }
  const problems: FieldError[] = [];
  const queues: Queue[] = [];
  const names = new Set<string>();
  parsed.data.queues.forEach((q, index) => {
    const at = (field: string) => `queues[${index}]${field ? `.${field}` : ''}`;
    if (q.name.toLowerCase() === DEFAULT_QUEUE) problems.push({ field: at('name'), message: `"${DEFAULT_QUEUE}" is the queue of leads no queue matches; choose another name` });
    if (names.has(q.name.toLowerCase())) problems.push({ field: at('name'), message: `another queue is already called ${q.name}` });
    names.add(q.name.toLowerCase());
    const when: QueueCondition = {};
    if (q.when.country) {
      const codes = q.when.country.map((c) => ({ given: c, code: /^[A-Za-z]{2}$/.test(c) ? countryCode(c) : null }));
      for (const c of codes) if (!c.code) problems.push({ field: at('when.country'), message: `${c.given} is not an ISO 3166 country code such as DE` });
      when.country = codes.flatMap((c) => (c.code ? [c.code] : []));
    }
    if (q.when.region) {
      for (const r of q.when.region) if (!isRegionName(r)) problems.push({ field: at('when.region'), message: `${r} is not a region; use ${REGION_NAMES.join(', ')}` });
      when.region = q.when.region.filter(isRegionName).map((r) => r.toUpperCase() as RegionName);
    }
    if (q.when.size) {
      const bands = new Map(context.sizeBands.map((b) => [b.toLowerCase(), b]));
      for (const s of q.when.size) if (!bands.has(s.toLowerCase())) problems.push({ field: at('when.size'), message: `${s} is not a size band of the lead definition (${context.sizeBands.join(', ')})` });
      when.size = q.when.size.map((s) => bands.get(s.toLowerCase()) ?? s);
    }
    for (const key of ['industry', 'source', 'campaign'] as const) if (q.when[key]) when[key] = q.when[key];
    if (q.when.score) {
      const { min, max } = q.when.score;
      if (min !== undefined && max !== undefined && min > max) problems.push({ field: at('when.score'), message: 'min must not be above max' });
      when.score = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    for (const id of Object.keys(q.weights ?? {})) {
      if (!q.reps.includes(id)) problems.push({ field: at(`weights.${id}`), message: `${id} is not one of the queue's reps` });
    }
    queues.push({ name: q.name, channel: q.channel, reps: q.reps, when, ...(q.weights ? { weights: q.weights } : {}), ...(q.dailyCap ? { dailyCap: q.dailyCap } : {}) });
  });
  // A queue every lead of which an earlier queue takes first can never get a lead.
  queues.forEach((later, j) => {
    const earlier = queues.slice(0, j).find((q) => covers(q.when, later.when));
    if (earlier) problems.push({ field: `queues[${j}].when`, message: `is unreachable: every lead it matches goes to ${earlier.name} first; narrow ${earlier.name} or move ${later.name} above it` });
  });
  return problems.length ? { ok: false, problems } : { ok: true, routing: { queues } };
}

/** The queue a lead goes to, or null for the default queue. */
export function queueFor(lead: Pick<Lead, 'company' | 'source' | 'campaign' | 'judgement'>, routing: Routing): Queue | null {
  return routing.queues.find((q) => matches(q.when, lead)) ?? null;
}

function matches(when: QueueCondition, lead: Pick<Lead, 'company' | 'source' | 'campaign' | 'judgement'>): boolean {
  const places = placesOf(when);
  if (places) {
    const code = lead.company.country ? countryCode(lead.company.country) : null;
    if (!code || !places.has(code)) return false;
  }
  const oneOf = (list: string[] | undefined, value: string | undefined) => !list || (value !== undefined && list.some((v) => v.toLowerCase() === value.trim().toLowerCase()));
  if (!oneOf(when.size, lead.company.size) || !oneOf(when.industry, lead.company.industry) || !oneOf(when.source, lead.source) || !oneOf(when.campaign, lead.campaign)) return false;
  if (when.score) {
    const score = lead.judgement?.score;
    if (score === undefined) return false;
    if (when.score.min !== undefined && score < when.score.min) return false;
    if (when.score.max !== undefined && score > when.score.max) return false;
  }
  return true;
}

/** The countries a condition names (its country list and its regions'), or null when it names none. */
function placesOf(when: QueueCondition): Set<string> | null {
  if (!when.country && !when.region) return null;
  return new Set([...(when.country ?? []), ...(when.region ?? []).flatMap((r) => [...countriesOf(r)])]);
}

/** Whether every lead `b` matches is matched by `a` too. */
function covers(a: QueueCondition, b: QueueCondition): boolean {
  const aPlaces = placesOf(a);
  if (aPlaces) {
    const bPlaces = placesOf(b);
    if (!bPlaces || [...bPlaces].some((c) => !aPlaces.has(c))) return false;
  }
  for (const key of ['size', 'industry', 'source', 'campaign'] as const) {
    const aList = a[key];
    if (!aList) continue;
    const bList = b[key];
    if (!bList || bList.some((v) => !aList.some((w) => w.toLowerCase() === v.toLowerCase()))) return false;
  }
  if (a.score) {
    if (!b.score) return false;
    if (a.score.min !== undefined && (b.score.min === undefined || b.score.min < a.score.min)) return false;
    if (a.score.max !== undefined && (b.score.max === undefined || b.score.max > a.score.max)) return false;
  }
  return true;
}

function pathOf(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '') || '(file)';
}

/** Every user and user group the routing names, for the checks that need Slack. */
export function idsNamed(routing: Routing): { channels: string[]; users: string[]; groups: string[] } {
  const ids = routing.queues.flatMap((q) => q.reps);
  return {
    channels: [...new Set(routing.queues.map((q) => q.channel))],
    users: [...new Set(ids.filter((id) => userId.test(id)))],
    groups: [...new Set(ids.filter((id) => groupId.test(id)))],
  };
}
