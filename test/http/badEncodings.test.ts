import { gzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { slackSignature } from '../support/slackRequests.js';
import { INTAKE_TOKEN, SIGNING_SECRET, useTestApp } from '../support/testApp.js';

const app = useTestApp();
const leadCount = () => mongoose.connection.db!.collection('leads').countDocuments();
const SECRET_EMAIL = 'leaky.person@example.com';

describe('bodies that cannot be decoded', () => {
  it('get 400 on the intake API, store nothing, and leave no part of the body in the logs', async () => {
    const before = await leadCount();
    const body = JSON.stringify({ contact: { email: SECRET_EMAIL } });
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const res = await fetch(`${app().url}/api/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding, authorization: `Bearer ${INTAKE_TOKEN}` },
        body: `${body}not compressed at all`,
      });
      expect([encoding, res.status]).toEqual([encoding, 400]);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_body');
    }
    // A gzip body that does decode is read as usual.
    const ok = await fetch(`${app().url}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${INTAKE_TOKEN}` },
      body: gzipSync(JSON.stringify({ contact: { name: 'Zip Ped', email: 'zipped@example.com' } })),
    });
    expect(ok.status).toBe(201);
    expect(await leadCount()).toBe(before + 1);
    expect(app().logs.raw.join('\n')).not.toContain('leaky.person');
  });

  it('get 400 at /slack/events, with a broken percent-escape or a body that does not inflate', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const broken = `payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A${encodeURIComponent(SECRET_EMAIL)}%E0%A4%A`;
    const res = await fetch(`${app().url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, broken) },
      body: broken,
    });
    expect(res.status).toBe(400);
    const gz = await fetch(`${app().url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, `not gzip ${SECRET_EMAIL}`) },
      body: `not gzip ${SECRET_EMAIL}`,
    });
    expect(gz.status).toBe(400);
    expect(app().logs.raw.join('\n')).not.toContain('leaky.person');
  });
});
