import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

describe('GET /readyz', () => {
  it('answers 200 once the database, the jobs and the Slack token are all good', async () => {
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'up', definition: 'in force', jobs: 'running', slack: 'verified', shutdown: 'no' } });
  });
});

describe('GET /healthz', () => {
  it('answers 200 while the database answers', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when the database connection is gone', async () => {
    await mongoose.connection.close();
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: 'down' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready', checks: { database: 'down' } });
    await mongoose.connect(app.config.mongodbUri!);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
