import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { buttonClick } from '../support/slackRequests.js';
import { aLead, eventually, INTAKE_TOKEN, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const app = useTestApp();
const stored = (id: string) => mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });

function report(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${app().url}/api/leads/${path}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });
}

/** A lead posted, claimed and accepted in Slack; the CRM takes it from there. */
async function acceptedLead(overrides: Record<string, unknown>) {
  const { id } = (await (await app().postLead(aLead(overrides))).json()) as { id: string };
  const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id)), 5000, 'the post');
  const click = (actionId: string) =>
    app().interact(buttonClick({ userId: 'U0CRMREP1', actionId, value: id, channelId: LEADS_CHANNEL, messageTs: post.response!.ts }));
  await click(ACTION_CLAIM);
  await eventually(async () => (await stored(id))?.stage === 'sal', 5000, 'claimed');
  await click(stepActionId('accept'));
  await eventually(async () => (await stored(id))?.verdict?.kind === 'accepted', 5000, 'accepted');
  return id;
}

describe('a CRM reporting what became of a lead', () => {
  it('moves it to sql, opportunity and won through the same rules, recorded as the CRM, and updates the Slack message', async () => {
    const id = await acceptedLead({ contact: { email: 'crm-life@example.com' } });
    expect(await (await report(id, { stage: 'sql' })).json()).toEqual({ id, stage: 'sql', recorded: true });
    expect((await report(id, { stage: 'opportunity' })).status).toBe(200);
    // Money as a CRM often sends it: text with cents.
    const won = await report(id, { stage: 'won', amount: '48000.00', currency: 'usd' });
    expect(await won.json()).toEqual({ id, stage: 'won', recorded: true });

    const lead = (await stored(id))!;
    expect(lead.history.slice(-3).map((h: any) => [h.event, h.from, h.to, h.by.kind])).toEqual([
      ['meeting', 'sal', 'sql', 'api'],
      ['opportunity', 'sql', 'opportunity', 'api'],
      ['won', 'opportunity', 'won', 'api'],
    ]);
    expect(lead.outcome).toEqual({ kind: 'won', amount: 48000, currency: 'USD' });
    await eventually(() => app().slack.accepted('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('Won: *$48,000.00*')), 10_000, 'the message shows Won');
  });

  it('finds the lead by external id or by email (any case)', async () => {
    const byExternal = await acceptedLead({ externalId: 'sf-0062', contact: { email: 'crm-ext@example.com' } });
    expect(await (await report('by-external-id/sf-0062', { stage: 'lost', reason: 'price', note: 'Went cheaper' })).json()).toEqual({ id: byExternal, stage: 'lost', recorded: true });
    expect((await stored(byExternal))!.outcome).toMatchObject({ kind: 'lost', reason: 'price', reasonLabel: 'Price', note: 'Went cheaper' });

    const byEmail = await acceptedLead({ contact: { email: 'crm-mail@example.com' } });
    expect(await (await report(`by-email/${encodeURIComponent('CRM-Mail@Example.com')}`, { stage: 'sql' })).json()).toMatchObject({ id: byEmail, stage: 'sql' });
  });

  it('answers 404, 409 and 400 clearly and records nothing', async () => {
    const id = await acceptedLead({ contact: { email: 'crm-errors@example.com' } });
    const before = (await stored(id))!.history.length;

    const unknown = await report('6740a1b2c3d4e5f601234567', { stage: 'sql' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'lead_not_found' });
    expect((await report('by-email/nobody%40example.com', { stage: 'sql' })).status).toBe(404);

    const badBody = await report(id, { stage: 'closed', amount: 'lots', colour: 'red' });
    expect(badBody.status).toBe(400);
    expect((await badBody.json()).fields).toEqual(
      expect.arrayContaining([
        { field: 'stage', message: 'must be one of: sql, opportunity, won, lost' },
        { field: 'amount', message: 'must be a number such as 48000 or "48000.00"' },
        { field: 'colour', message: 'is not a known field' },
      ]),
    );
    const noReason = await report(id, { stage: 'lost' });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).fields).toEqual([{ field: 'reason', message: expect.stringContaining('Pick a reason: price') }]);
    const noAmount = await report(id, { stage: 'won', currency: 'EUR' });
    expect((await noAmount.json()).fields).toEqual([{ field: 'amount', message: 'Enter the amount won, a number above 0.' }]);

    await report(id, { stage: 'won', amount: 10, currency: 'EUR' });
    const afterWon = await report(id, { stage: 'lost', reason: 'price' });
    expect(afterWon.status).toBe(409);
    expect(await afterWon.json()).toEqual({ error: 'illegal_transition', message: 'This lead is already won.', stage: 'won' });
    expect((await stored(id))!.history.length).toBe(before + 1);

    // Details are checked even for a lead nobody has claimed yet: a wrong one is refused, not kept.
    const unclaimed = (await (await app().postLead(aLead({ contact: { email: 'crm-unclaimed@example.com' } }))).json()) as { id: string };
    const badEarly = await report(unclaimed.id, { stage: 'won', amount: 5 });
    expect(badEarly.status).toBe(400);
    expect((await stored(unclaimed.id))!.pendingSteps).toBeUndefined();

    const noToken = await fetch(`${app().url}/api/leads/${id}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stage":"sql"}' });
    expect(noToken.status).toBe(401);
  });

  it('keeps a step for a lead nobody has claimed yet (202, never lost) and records it when a rep claims it', async () => {
    const { id } = (await (await app().postLead(aLead({ contact: { email: 'crm-early@example.com' } }))).json()) as { id: string };
    const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id)), 5000, 'the post');
    const sql = await report(id, { stage: 'sql' }, { 'idempotency-key': `early-sql-${id}` });
    expect(sql.status).toBe(202);
    expect(await sql.json()).toEqual({ id, stage: 'mql', recorded: false, pending: true, message: 'Nobody has claimed this lead yet: the step is kept and recorded when a rep takes it on.' });
    expect((await report(id, { stage: 'won', amount: '48000.00', currency: 'EUR' })).status).toBe(202);
    expect((await stored(id))!.pendingSteps.map((p: any) => p.step)).toEqual(['meeting', 'won']);
    // Everyone in the channel sees what the CRM already said.
    await eventually(() => app().slack.accepted('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('The CRM already reported: SQL, won €48,000.00')), 5000, 'the message says so');

    await app().interact(buttonClick({ userId: 'U0CRMREP1', actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: post.response!.ts }));
    const lead = await eventually(async () => ((await stored(id))?.stage === 'won' ? stored(id) : null), 5000, 'the kept steps recorded');
    expect(lead!.history.map((h: any) => [h.event, h.to, h.by.userId ?? h.by.kind])).toEqual([
      ['received', 'mql', 'api'],
      ['claimed', 'sal', 'U0CRMREP1'],
      ['meeting', 'sql', 'api'],
      ['won', 'won', 'api'],
    ]);
    expect(lead!.outcome).toEqual({ kind: 'won', amount: 48000, currency: 'EUR' });
    expect(lead!.pendingSteps).toEqual([]);
  });

  it('with the same Idempotency-Key, records once and answers the retry with the same answer', async () => {
    const id = await acceptedLead({ contact: { email: 'crm-idem@example.com' } });
    const key = { 'idempotency-key': `evt-${id}` };
    const first = await report(id, { stage: 'sql' }, key);
    const retry = await report(id, { stage: 'sql' }, key);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(await first.json());
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await stored(id))!.history.filter((h: any) => h.event === 'meeting')).toHaveLength(1);

    const reused = await report(id, { stage: 'opportunity' }, key);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: 'idempotency_key_reused' });
    expect((await stored(id))!.stage).toBe('sql');

    // Without a key, a repeat is simply refused by the rules.
    expect((await report(id, { stage: 'sql' })).status).toBe(409);
  });
});
