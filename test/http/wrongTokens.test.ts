import { describe, expect, it } from 'vitest';
import { aLead, useTestApp } from '../support/testApp.js';

const app = useTestApp({ env: { API_AUTH_FAILURES_PER_MINUTE: '5' } });

const sample = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? 0);

describe('wrong bearer tokens', () => {
  it('are answered 429 with Retry-After once an address has sent too many in a minute, and counted', async () => {
    // Tokens with the right shape, as a guesser would send them.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app().postLead(aLead(), { token: `guess-${i}-0123456789abcdef` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await app().postLead(aLead(), { token: 'guess-again-0123456789abcdef' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ error: 'too_many_wrong_tokens' });
    // Every door of the API is behind the same limit.
    const events = await fetch(`${app().url}/api/leads/000000000000000000000000/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope-0123456789abcdef' }, body: '{"stage":"won"}' });
    expect(events.status).toBe(429);

    // The right token is neither counted nor held back, however many requests are in flight at once.
    const right = await Promise.all(Array.from({ length: 30 }, (_, i) => app().postLead(aLead({ contact: { name: `Right ${i}`, email: `right-${i}@example.com` } }))));
    expect(right.map((r) => r.status)).toEqual(Array(30).fill(201));

    const metrics = await (await fetch(`${app().url}/metrics`)).text();
    expect(sample(metrics, 'leadloop_api_auth_failures_total{outcome="rejected"}')).toBe(5);
    expect(sample(metrics, 'leadloop_api_auth_failures_total{outcome="rate_limited"}')).toBe(4);
  });
});
