import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from 'mongodb';

/**
 * What operators watch, in Prometheus format at /metrics. One registry per
 * app, so several apps in one process (tests) never collide.
 */
export function createMetrics(db: () => Db | undefined, now: () => Date = () => new Date()) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadloop_' });
  const leadsReceived = new Counter({ name: 'leadloop_leads_received_total', help: 'Leads accepted by the intake API', labelNames: ['result'], registers: [registry] });
  const leadsPosted = new Counter({ name: 'leadloop_leads_posted_total', help: 'Leads posted to the leads channel', registers: [registry] });
  const apiAuthFailures = new Counter({ name: 'leadloop_api_auth_failures_total', help: 'Requests to /api refused for their bearer token: rejected (401) or rate_limited (429, too many wrong tokens from one address)', labelNames: ['outcome'], registers: [registry] });
  const leadsClaimed = new Counter({ name: 'leadloop_leads_claimed_total', help: 'Leads claimed by a rep', registers: [registry] });
  const slackCalls = new Counter({ name: 'leadloop_slack_api_calls_total', help: 'Slack Web API calls by method and outcome (ok, a Slack error code, ratelimited, http_5xx, network_error)', labelNames: ['method', 'outcome'], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'leadloop_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Read from the jobs collection when scraped: due and not locked = waiting.
  new Gauge({
    name: 'leadloop_jobs_backlog',
    help: 'Jobs due but not yet picked up, by job name',
    labelNames: ['name'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await dueJobs(db(), now())) this.set({ name: row._id }, row.count);
    },
  });
  new Gauge({
    name: 'leadloop_jobs_lag_seconds',
    help: 'How long the oldest due job has been waiting, by job name',
    labelNames: ['name'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await dueJobs(db(), now())) this.set({ name: row._id }, Math.max(0, (now().getTime() - row.oldest.getTime()) / 1000));
    },
  });
  return { registry, leadsReceived, leadsPosted, leadsClaimed, slackCalls, httpDuration, apiAuthFailures };
}

export type Metrics = ReturnType<typeof createMetrics>;

async function dueJobs(db: Db | undefined, now: Date): Promise<Array<{ _id: string; count: number; oldest: Date }>> {
  if (!db) return [];
  return db
    .collection('jobs')
    .aggregate<{ _id: string; count: number; oldest: Date }>([
      { $match: { nextRunAt: { $lte: now }, lockedAt: null, disabled: { $ne: true } } },
      { $group: { _id: '$name', count: { $sum: 1 }, oldest: { $min: '$nextRunAt' } } },
    ])
    .toArray();
}

/**
 * A fetch for the Web API client that counts each call by method and outcome.
 * The client keeps doing its own retries and rate-limit handling on top.
 */
export function countingFetch(metrics: Metrics): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = url.split('/').pop()?.split('?')[0] || 'unknown';
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      metrics.slackCalls.inc({ method, outcome: 'network_error' });
      throw error;
    }
    if (response.status !== 200) {
      metrics.slackCalls.inc({ method, outcome: outcomeOfStatus(response.status) });
      return response;
    }
    // The body is read once and handed on as it came: cloning the response
    // (a tee of its stream) cost more than the call's own parsing, and
    // views.publish answers with the whole view.
    const text = await response.text();
    metrics.slackCalls.inc({ method, outcome: outcomeOfBody(text) });
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function outcomeOfStatus(status: number): string {
  if (status === 429) return 'ratelimited';
  if (status >= 500) return 'http_5xx';
  return `http_${status}`;
}

/** Slack's answers open with "ok"; the whole body is parsed only when they do not. */
const OK_FIRST = /^\s*\{\s*"ok"\s*:\s*true\s*[,}]/;

function outcomeOfBody(text: string): string {
  if (OK_FIRST.test(text)) return 'ok';
  try {
    const body = JSON.parse(text) as { ok?: boolean; error?: string };
    return body.ok ? 'ok' : /^[a-z_]{1,60}$/.test(body.error ?? '') ? body.error! : 'error';
  } catch {
    return 'unreadable';
  }
}
