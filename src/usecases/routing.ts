import { parse } from 'yaml';
import { StartupError } from '../errors.js';
import type { FieldError } from '../leads/fieldErrors.js';
import type { Lead } from '../leads/lead.js';
import { DEFAULT_QUEUE, parseRouting, queueFor, type Queue, type Routing } from '../routing/routing.js';
import { insertRouting, latestRouting, routingVersions } from '../storage/routingRepository.js';
import type { Route } from './postLead.js';
import { accountKeysOf } from '../routing/accounts.js';
import { leadsWithoutAccountKeys, setAccountKeys } from '../storage/leadRepository.js';

/** The routing in force: its version, queues, who made it and when. */
export type ActiveRouting = { version: number; routing: Routing; by: string; createdAt: Date; text?: string };

/**
 * What only Slack can tell about a routing: that each channel exists and
 * Leadloop is in it, that each user and user group exists. Given by the
 * Slack edge; answers problems by path, like parseRouting.
 */
export type SlackRoutingCheck = (routing: Routing) => Promise<FieldError[]>;

/**
 * On the first start, the routing file becomes version 1 (no file: no
 * queues). Its channels and people are checked in Slack first: a file that
 * names a channel Leadloop is not in stops start-up and stores nothing.
 * Later starts keep what admins made of it.
 */
export async function ensureRouting(fromFile: { routing: Routing; text: string } | null, path: string, deps: { now: Date; check: SlackRoutingCheck }): Promise<ActiveRouting> {
  const existing = await latestRouting();
  if (existing) return active(existing);
  if (fromFile && fromFile.routing.queues.length > 0) {
    const problems = await deps.check(fromFile.routing);
    if (problems.length) throw new StartupError(`The routing at ${path} cannot be used: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  }
  const first = { version: 1, queues: fromFile?.routing.queues ?? [], createdAt: deps.now, by: 'file', ...(fromFile ? { text: fromFile.text } : {}) };
  if (!(await insertRouting(first))) return active((await latestRouting())!); // another instance seeded it
  return active(first);
}

/** The routing in force, read at most once per `ttlMs` (a change on another instance arrives within it). */
export function createRoutingCache(ttlMs: number, now: () => number = Date.now) {
  let cached: { value: ActiveRouting; until: number } | undefined;
  return {
    async current(): Promise<ActiveRouting> {
      if (cached && cached.until > now()) return cached.value;
      const stored = await latestRouting();
      const value = stored ? active(stored) : { version: 0, routing: { queues: [] }, by: 'none', createdAt: new Date(0) };
      cached = { value, until: now() + ttlMs };
      return value;
    },
    forget() {
      cached = undefined;
    },
  };
}
export type RoutingCache = ReturnType<typeof createRoutingCache>;

export type RoutingChange =
  | { kind: 'changed'; routing: ActiveRouting }
  | { kind: 'invalid'; problems: FieldError[] }
  /** Someone changed the routing since the editor opened it. */
  | { kind: 'stale'; current: ActiveRouting };

/**
 * An admin's edit (YAML, as typed): checked in full (its shape, then Slack),
 * then stored as the next version with who and when, only if it is based on
 * the version in force. Anything wrong changes nothing.
 */
export async function changeRouting(input: { text: string; basedOn: number; by: string }, deps: { now: Date; sizeBands: string[]; check: SlackRoutingCheck }): Promise<RoutingChange> {
  let raw: unknown;
  try {
    raw = parse(input.text);
  } catch (error) {
    return { kind: 'invalid', problems: [{ field: '(yaml)', message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const parsed = parseRouting(raw, { sizeBands: deps.sizeBands });
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
  const slack = await deps.check(parsed.routing);
  if (slack.length) return { kind: 'invalid', problems: slack };
  const current = await latestRouting();
  if ((current?.version ?? 0) !== input.basedOn) return { kind: 'stale', current: active(current!) };
  const next = { version: input.basedOn + 1, queues: parsed.routing.queues, createdAt: deps.now, by: input.by, text: input.text };
  if (!(await insertRouting(next))) return { kind: 'stale', current: active((await latestRouting())!) };
  return { kind: 'changed', routing: active(next) };
}

/** The latest routing versions, newest first (who, when, how many queues). */
export function routingHistory(limit = 5) {
  return routingVersions(limit);
}

/** Where routing sends this lead now. */
export function routeLead(lead: Lead, current: ActiveRouting): Route {
  const queue = queueFor(lead, current.routing);
  return queue ? { queue: queue.name, channel: queue.channel, version: current.version } : { queue: DEFAULT_QUEUE, version: current.version };
}

/** A queue of the routing in force, by name. */
export function queueNamed(current: ActiveRouting, name: string): Queue | undefined {
  return current.routing.queues.find((q) => q.name === name);
}

function active(version: { version: number; queues: Queue[]; by: string; createdAt: Date; text?: string }): ActiveRouting {
  return { version: version.version, routing: { queues: version.queues }, by: version.by, createdAt: version.createdAt, ...(version.text ? { text: version.text } : {}) };
}

/**
 * Leads stored before account matching existed get their company's keys,
 * a thousand at a time, so earlier leads count in account routing too.
 * Answers how many were keyed.
 */
export async function keyEarlierLeads(): Promise<number> {
  let keyed = 0;
  for (;;) {
    const batch = await leadsWithoutAccountKeys(1000);
    if (batch.length === 0) return keyed;
    await setAccountKeys(batch.map((lead) => ({ id: lead.id, accountKeys: accountKeysOf(lead) })));
    keyed += batch.length;
  }
}
