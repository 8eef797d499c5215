import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM } from '../../src/slack/blocks/leadMessage.js';
import { buttonClick } from '../support/slackRequests.js';
import { aLead, eventually, INTAKE_TOKEN, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const app = useTestApp();

/** The value of one series in Prometheus text format, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}
const scrape = async () => {
  const res = await fetch(`${app().url}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

describe('GET /metrics', () => {
  it('counts leads received, posted and claimed, and Slack calls by method and outcome, including 429s', async () => {
    app().slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const res = await app().postLead(aLead({ contact: { email: 'metrics@example.com' } }));
    const { id } = (await res.json()) as { id: string };
    const post = await eventually(() => app().slack.accepted('chat.postMessage')[0], 15_000, 'the post');
    await app().interact(buttonClick({ userId: 'U0METRICS', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: post.response!.ts }));
    await eventually(() => app().slack.accepted('chat.update')[0], 5000, 'the claim update');

    const text = await eventually(async () => {
      const t = await scrape();
      return sample(t, 'leadloop_leads_posted_total') === 1 && t;
    }, 5000, 'the posted counter');
    expect(sample(text, 'leadloop_leads_received_total{result="created"}')).toBe(1);
    expect(sample(text, 'leadloop_leads_claimed_total')).toBe(1);
    expect(sample(text, 'leadloop_slack_api_calls_total{method="chat.postMessage",outcome="ratelimited"}')).toBe(1);
    expect(sample(text, 'leadloop_slack_api_calls_total{method="chat.postMessage",outcome="ok"}')).toBe(1);
    expect(sample(text, 'leadloop_slack_api_calls_total{method="auth.test",outcome="ok"}')).toBe(1);
    expect(sample(text, 'leadloop_http_request_duration_seconds_count{method="POST",route="/api/leads",status="201"}')).toBe(1);
    // Answered by the error handler: still counted under the route's own name.
    const broken = await fetch(`${app().url}/api/leads`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}` }, body: '{"contact":' });
    expect(broken.status).toBe(400);
    const after = await scrape();
    expect(sample(after, 'leadloop_http_request_duration_seconds_count{method="POST",route="/api/leads",status="400"}')).toBe(1);
    expect(after).not.toContain('/api/api/');
    expect(text).toContain('# TYPE leadloop_jobs_backlog gauge');
    expect(text).toContain('leadloop_process_resident_memory_bytes');
  });
});

describe('every request', () => {
  it('gets a request id, echoed to the caller and on its log lines, and is logged by route, never by URL', async () => {
    const res = await app().postLead(aLead({ contact: { email: 'request-id@example.com' } }));
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await fetch(`${app().url}/api/leads/by-email/${encodeURIComponent('someone@private.example')}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-token-but-logged-anyway' },
      body: '{}',
    });
    const lines = await eventually(() => {
      const found = app().logs.lines.filter((l) => l.requestId === requestId);
      return found.length >= 2 && found;
    }, 5000, 'the log lines');
    expect(lines.map((l) => l.event)).toEqual(expect.arrayContaining(['lead_received', 'http_request']));
    expect(app().logs.lines).toContainEqual(expect.objectContaining({ event: 'http_request', route: '/api/leads/by-email/:email/events', status: 401 }));
    expect(app().logs.raw.join('\n')).not.toContain('someone@private.example');
  });
});
