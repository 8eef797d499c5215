import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { aLead, eventually, useTestApp } from '../support/testApp.js';

const app = useTestApp();

const leadCount = () => mongoose.connection.db!.collection('leads').countDocuments();
/** Posts Slack accepted for this lead (other tests' posts may still be landing). */
const postsFor = (id: string) => app().slack.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks).includes(id));
const storedLead = (id: string) => mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });

describe('POST /api/leads with a valid lead', () => {
  it('answers 201 with the id, stage mql and score, stores it judged by definition v1, then posts it', async () => {
    const res = await app().postLead(aLead({ contact: { name: 'Ana Ortiz', email: 'Ana.Ortiz@Example.com' } }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; stage: string; merged: boolean };
    // need clear 30 + budget approved 25 + authority decision maker 20 + timeline this quarter 25 + size 201-500 15 + Logistics 10
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), stage: 'mql', origin: 'marketing', merged: false, score: 125, threshold: 50, unmet: [] });

    const stored = await storedLead(body.id);
    expect(stored?.contact.email).toBe('Ana.Ortiz@Example.com');
    expect(stored?.qualification).toEqual({ need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' });
    expect(stored?.judgement).toMatchObject({ definitionVersion: 1, score: 125, qualified: true });
    expect(stored?.judgement.breakdown).toContainEqual({ criterion: 'authority', label: 'Authority', answer: 'decision_maker', answerLabel: 'Decision maker', points: 20 });
    expect(stored?.history).toEqual([expect.objectContaining({ from: null, to: 'mql', event: 'received', by: { kind: 'api' }, definitionVersion: 1 })]);
    await eventually(() => postsFor(body.id).length === 1, 5000, 'the post');
  });

  it('sends a lead under the bar to nurture with what it lacked, and does not post it to sales', async () => {
    const res = await app().postLead({ contact: { name: 'Lee', email: 'lee-inquiry@example.com' }, source: 'chat', qualification: { need: 'some' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string };
    expect(body).toMatchObject({ stage: 'nurture', score: 15, unmet: ['company name is missing', 'score 15 is under the threshold of 50'] });
    await app().running.idle();
    expect(postsFor(body.id)).toHaveLength(0);
  });
});

describe('POST /api/leads for a person we already have', () => {
  it('merges a repeat with the same email (any case) instead of creating or posting a second lead', async () => {
    const first = (await (await app().postLead(aLead({ contact: { email: 'repeat@example.com' }, campaign: undefined }))).json()) as { id: string };
    await eventually(() => postsFor(first.id).length === 1, 5000, 'the first post');
    const before = await leadCount();

    const res = await app().postLead(aLead({ contact: { email: '  REPEAT@example.com ', phone: '+44 20 7946 0000' }, campaign: 'spring-promo' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: first.id, stage: 'mql', merged: true, filledFields: expect.arrayContaining(['campaign']) });
    expect(await leadCount()).toBe(before);
    await app().running.idle();
    expect(postsFor(first.id)).toHaveLength(1);
    const stored = await storedLead(first.id);
    expect(stored?.campaign).toBe('spring-promo');
    expect(stored?.history.map((h: { event: string }) => h.event)).toEqual(['received', 'merged']);
  });

  it('merges by externalId even when the email differs', async () => {
    const first = (await (await app().postLead(aLead({ externalId: 'crm-42', contact: { email: 'one@example.com' } }))).json()) as { id: string };
    const res = await app().postLead(aLead({ externalId: 'crm-42', contact: { email: 'other@example.com' } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: first.id, merged: true });
  });

  it('qualifies a nurture lead that a repeat completes, posts it once, and records the qualification', async () => {
    const first = (await (await app().postLead({ contact: { email: 'grows@example.com' }, qualification: { need: 'clear' } })).json()) as { id: string; stage: string };
    expect(first.stage).toBe('nurture');
    const res = await app().postLead({ contact: { email: 'grows@example.com' }, company: { name: 'Grows Ltd' }, qualification: { budget: 'approved' } });
    expect(await res.json()).toMatchObject({ id: first.id, stage: 'mql', merged: true, score: 55, unmet: [] });
    await eventually(() => postsFor(first.id).length === 1, 5000, 'the post');
    const stored = await storedLead(first.id);
    expect(stored?.history.map((h: any) => [h.event, h.from, h.to])).toEqual([
      ['received', null, 'nurture'],
      ['merged', 'nurture', 'nurture'],
      ['qualified', 'nurture', 'mql'],
    ]);
    await app().postLead({ contact: { email: 'grows@example.com' }, company: { name: 'Grows Ltd' }, note: 'again' });
    await app().running.idle();
    expect(postsFor(first.id)).toHaveLength(1);
  });

  it('creates one lead and one post when the same person arrives ten times at once', async () => {
    const before = await leadCount();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => app().postLead(aLead({ contact: { name: 'Burst', email: 'burst@example.com' } }))),
    );
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ id: string; merged: boolean }>;
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(await leadCount()).toBe(before + 1);
    await eventually(() => postsFor(bodies[0]!.id).length === 1, 5000, 'the post');
    await app().running.idle();
    expect(postsFor(bodies[0]!.id)).toHaveLength(1);
  });
});

describe('POST /api/leads refuses bad requests and stores nothing', () => {
  const refusals: Array<[string, () => Promise<Response>, number, Record<string, unknown>]> = [
    ['no token', () => app().postLead(aLead(), { token: null }), 401, { error: 'unauthorized' }],
    ['a wrong token', () => app().postLead(aLead(), { token: 'not-the-token-at-all' }), 401, { error: 'unauthorized' }],
    ['a form body', () => app().postLead(null, { contentType: 'application/x-www-form-urlencoded', raw: 'email=a@b.c' }), 415, { error: 'unsupported_media_type' }],
    ['broken JSON', () => app().postLead(null, { raw: '{"contact": {' }), 400, { error: 'invalid_json' }],
    ['a body over 64 kB', () => app().postLead(aLead({ note: 'x'.repeat(70_000) })), 413, { error: 'payload_too_large' }],
    ['a JSON array', () => app().postLead([aLead()]), 400, { error: 'invalid_lead' }],
  ];

  for (const [what, send, status, body] of refusals) {
    it(`answers ${status} for ${what}`, async () => {
      const before = await leadCount();
      const res = await send();
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject(body);
      expect(await leadCount()).toBe(before);
    });
  }

  it('names qualification answers the lead definition does not know, with the allowed ones', async () => {
    const before = await leadCount();
    const res = await app().postLead(aLead({ qualification: { need: 'desperately', budget: 'approved', colour: 'blue' } }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: Array<{ field: string; message: string }> };
    expect(body.fields).toEqual([
      { field: 'qualification.need', message: 'must be one of: clear, some, none' },
      { field: 'qualification.colour', message: expect.stringContaining('is not a question in the lead definition') },
    ]);
    expect(await leadCount()).toBe(before);
  });

  it('refuses a lead nobody could be reached or matched by, instead of storing an empty one', async () => {
    const before = await leadCount();
    for (const body of [{ contact: {} }, { contact: { title: 'CEO' }, company: { name: 'Acme' } }]) {
      const res = await app().postLead(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { fields: unknown[] }).fields).toEqual([
        { field: 'contact', message: 'needs at least a name, an email or a phone (or give the lead an externalId)' },
      ]);
    }
    expect(await leadCount()).toBe(before);
  });

  it('refuses field names that reach JavaScript prototypes, naming them, wherever they are', async () => {
    const before = await leadCount();
    const cases: Array<[string, string]> = [
      ['{"contact":{"email":"proto@example.com"},"qualification":{"__proto__":{"need":"clear"}}}', 'qualification.__proto__'],
      ['{"contact":{"email":"proto@example.com"},"qualification":{"constructor":"clear"}}', 'qualification.constructor'],
      ['{"contact":{"email":"proto@example.com","prototype":"x"}}', 'contact.prototype'],
      ['{"__proto__":{"source":"x"},"contact":{"email":"proto@example.com"}}', '__proto__'],
    ];
    for (const [raw, field] of cases) {
      const res = await app().postLead(null, { raw });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { fields: unknown[] }).fields).toEqual([{ field, message: 'is not an allowed field name' }]);
    }
    expect(await leadCount()).toBe(before);
  });

  it('names every invalid field at once', async () => {
    const before = await leadCount();
    const res = await app().postLead({
      contact: { name: 42, email: 'not-an-email', phone: 'call me maybe' },
      company: { name: 'x'.repeat(201) },
      campain: 'typo',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: Array<{ field: string; message: string }> };
    expect(body.fields).toEqual(
      expect.arrayContaining([
        { field: 'contact.name', message: 'must be text' },
        { field: 'contact.email', message: 'is not a valid email address' },
        { field: 'contact.phone', message: expect.stringContaining('digits') },
        { field: 'company.name', message: 'must be at most 200 characters' },
        { field: 'campain', message: 'is not a known field' },
      ]),
    );
    expect(body.fields).toHaveLength(5);
    expect(await leadCount()).toBe(before);
  });
});

describe('the logs', () => {
  it('never contain a lead’s email or phone', async () => {
    const res = await app().postLead(aLead({ contact: { name: 'Priv Acy', email: 'private.person@secret.example', phone: '+1 202 555 0199' } }));
    const { id } = (await res.json()) as { id: string };
    await eventually(() => postsFor(id).length === 1, 5000, 'the post');
    // The message Slack got does carry them: reps need them. The logs must not.
    expect(JSON.stringify(postsFor(id)[0]!.args.blocks)).toContain('private.person@secret.example');
    const everything = app().logs.raw.join('\n');
    expect(everything).toContain('lead received');
    expect(everything).not.toContain('private.person@secret.example');
    expect(everything).not.toContain('555 0199');
  });
});

// Last in the file: it raises the threshold for every test after it.
describe('after the lead definition changes', () => {
  it('judges new leads by the new version and records which', async () => {
    const { loadDefinitionFile } = await import('../../src/definition/definitionFile.js');
    const { proposeDefinitionChange, approveDefinitionChange } = await import('../../src/usecases/leadDefinition.js');
    const current = await loadDefinitionFile('config/lead-definition.yml');
    const proposal = await proposeDefinitionChange({ ...current, threshold: 200 }, 'U0ADMIN', new Date());
    expect(proposal.kind).toBe('awaiting_approval');
    if (proposal.kind !== 'awaiting_approval') return;
    await approveDefinitionChange(proposal.version.version, { userId: 'U0SALES', side: 'sales' }, new Date());
    await approveDefinitionChange(proposal.version.version, { userId: 'U0MKT', side: 'marketing' }, new Date());

    const res = await app().postLead(aLead({ contact: { email: 'after-change@example.com' } }));
    const body = (await res.json()) as { id: string };
    expect(body).toMatchObject({ stage: 'nurture', score: 125, threshold: 200 });
    expect((await storedLead(body.id))?.judgement.definitionVersion).toBe(proposal.version.version);
  });
});
