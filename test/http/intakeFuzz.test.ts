import fc from 'fast-check';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { aLead, useTestApp } from '../support/testApp.js';

const app = useTestApp({ env: { INTAKE_RATE_LIMIT_PER_MINUTE: '100000' } });

/** Everything stored, to compare before and after a refused request. */
async function snapshot() {
  const db = mongoose.connection.db!;
  const leads = await db.collection('leads').find({}, { projection: { _id: 1, history: 1 } }).toArray();
  return JSON.stringify(leads.map((l) => [String(l._id), l.history.length]).sort());
}

/** Hostile strings: operators, prototype keys, huge and odd unicode, markup. */
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('$where', '$gt', '__proto__', 'constructor', '<!channel>', '\u0000', '💥'.repeat(300), 'a'.repeat(6000), '{"$ne":null}'),
);
const anyJson = fc.jsonValue({ maxDepth: 4 });
/** A lead-shaped body with random and hostile values in real field positions. */
const leadLike = fc.record(
  {
    contact: fc.oneof(
      fc.record({ name: fc.oneof(nasty, anyJson), email: fc.oneof(nasty, fc.emailAddress(), anyJson), phone: fc.oneof(nasty, anyJson) }, { requiredKeys: [] }),
      anyJson,
    ),
    company: fc.oneof(fc.record({ name: nasty, size: nasty }, { requiredKeys: [] }), anyJson),
    qualification: fc.oneof(fc.dictionary(nasty, fc.oneof(nasty, anyJson)), anyJson),
    externalId: fc.oneof(nasty, anyJson),
    note: nasty,
  },
  { requiredKeys: [] },
);

describe('POST /api/leads under random and hostile input', () => {
  it('only ever answers 2xx or 4xx, and a 4xx changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(leadLike, anyJson, fc.string().map((s) => ({ raw: s }))), async (input) => {
        const before = await snapshot();
        const res =
          typeof input === 'object' && input !== null && 'raw' in input && Object.keys(input).length === 1
            ? await app().postLead(null, { raw: String((input as { raw: string }).raw) })
            : await app().postLead(input);
        expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        if (res.status >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
    // And the app still works afterwards.
    expect((await app().postLead(aLead({ contact: { email: 'after-fuzz@example.com' } }))).status).toBe(201);
  });
});
