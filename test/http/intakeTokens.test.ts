import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { aLead, useTestApp } from '../support/testApp.js';

const OLD = 'old-token-0123456789abcdef';
const NEW = 'new-token-0123456789abcdef';
const app = useTestApp({ env: { INTAKE_API_TOKEN: `${OLD}, ${NEW}`, INTAKE_RATE_LIMIT_PER_MINUTE: '3' } });
const leadCount = () => mongoose.connection.db!.collection('leads').countDocuments();

describe('intake tokens', () => {
  it('accepts the old and the new token during a rotation, each with its own rate limit', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await app().postLead(aLead({ contact: { email: `rotation-${i}@example.com` } }), { token: OLD });
      expect(res.status).toBe(201);
    }
    const before = await leadCount();

    // The fourth request in the minute on the same token is refused, and stores nothing.
    const limited = await app().postLead(aLead({ contact: { email: 'flood@example.com' } }), { token: OLD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
    expect(await leadCount()).toBe(before);

    // The other token has its own budget, on every API route.
    expect((await app().postLead(aLead({ contact: { email: 'other-token@example.com' } }), { token: NEW })).status).toBe(201);
    const events = await fetch(`${app().url}/api/leads/6740a1b2c3d4e5f601234567/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OLD}` },
      body: '{"stage":"sql"}',
    });
    expect(events.status).toBe(429);
  });

  it('refuses any other token, however close', async () => {
    expect((await app().postLead(aLead(), { token: `${NEW.slice(0, -1)}x` })).status).toBe(401);
    expect((await app().postLead(aLead(), { token: `${OLD},${NEW}` })).status).toBe(401);
  });
});
