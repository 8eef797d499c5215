import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ACTION_CLAIM, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { buttonClick } from '../support/slackRequests.js';
import { aLead, eventually, INTAKE_TOKEN, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

const HUBSPOT_SECRET = 'hubspot-client-secret-5f1c9a1e';
const ORG = '00D5g000004ABCDEAY';
const ADMIN = 'U0CRMADM1';
const REP = 'U0CRMREP2';
const app = useTestApp({ env: { HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET, SALESFORCE_ORG_ID: ORG, LEADLOOP_ADMINS: ADMIN, LEADLOOP_SALES: REP } });
const fixture = (name: string) => readFileSync(new URL(`../fixtures/crm/${name}`, import.meta.url), 'utf8');
const leads = () => mongoose.connection.db!.collection('leads');
const stored = (id: string) => leads().findOne({ _id: new mongoose.Types.ObjectId(id) });

/** A delivery as HubSpot sends it: the body, signed v3 over method + URI + body + timestamp (developers.hubspot.com, "Validating requests"). */
function hubspot(body: string, options: { timestamp?: number; secret?: string; signedUri?: string } = {}) {
  const url = `${app().url}/api/crm/hubspot`;
  const timestamp = String(options.timestamp ?? Date.now());
  const signature = createHmac('sha256', options.secret ?? HUBSPOT_SECRET).update(`POST${options.signedUri ?? url}${body}${timestamp}`).digest('base64');
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-version': 'v3' },
    body,
  });
}

function salesforce(xml: string, token: string = INTAKE_TOKEN, contentType = 'text/xml; charset=utf-8') {
  return fetch(`${app().url}/api/crm/salesforce?token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': contentType, soapaction: '""' }, body: xml });
}

/** HubSpot's sample delivery, about this contact, with fresh event ids. */
function delivery(objectId: number, events: Array<{ value: string; property?: string; eventId: number }>): string {
  const sample = JSON.parse(fixture('hubspot-lifecycle-delivery.json'))[0];
  return JSON.stringify(events.map((e) => ({ ...sample, eventId: e.eventId, objectId, propertyName: e.property ?? 'lifecyclestage', propertyValue: e.value })));
}

async function postedLead(overrides: Record<string, unknown>) {
  const { id } = (await (await app().postLead(aLead(overrides))).json()) as { id: string };
  const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id)), 5000, 'the post');
  return { id, ts: post.response!.ts as string };
}

async function claimedLead(overrides: Record<string, unknown>, accept = true) {
  const { id, ts } = await postedLead(overrides);
  const click = (actionId: string) => app().interact(buttonClick({ userId: REP, actionId, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));
  await click(ACTION_CLAIM);
  await eventually(async () => (await stored(id))?.stage === 'sal', 5000, 'claimed');
  if (accept) {
    await click(stepActionId('accept'));
    await eventually(async () => (await stored(id))?.verdict?.kind === 'accepted', 5000, 'accepted');
  }
  return id;
}

async function crmCommand(): Promise<string> {
  const answer = await app().command(ADMIN, 'crm');
  return ((await answer.json()) as { text: string }).text;
}

describe('HubSpot webhooks, natively', () => {
  it('moves the lead matched by hubspot:<objectId> as the mapping says, answers 200 at once, and applies a retried delivery once', async () => {
    const id = await claimedLead({ externalId: 'hubspot:51101', contact: { email: 'hs-life@example.com' } });
    const body = fixture('hubspot-lifecycle-delivery.json');
    const answer = await hubspot(body);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      received: 3,
      recorded: 2,
      repeated: 0,
      ignored: [{ eventId: '1734561311', why: 'contact.creation is not a contact property change' }],
    });
    await app().running.idle();
    const lead = (await stored(id))!;
    expect(lead.stage).toBe('won');
    expect(lead.history.slice(-2).map((h: any) => [h.event, h.to, h.by.kind, h.details?.note])).toEqual([
      ['meeting', 'sql', 'api', 'HubSpot: lifecyclestage → salesqualifiedlead'],
      ['won', 'won', 'api', 'HubSpot: lifecyclestage → customer'],
    ]);
    // HubSpot says "customer" without a sum: the win counts, its revenue is unknown.
    expect(lead.outcome).toEqual({ kind: 'won' });
    await eventually(() => app().slack.accepted('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('Won (the CRM reported no amount)')), 5000, 'the message shows the win');

    // HubSpot retries (attemptNumber 1): stored once, recorded once.
    const retry = JSON.stringify(JSON.parse(body).map((e: any) => ({ ...e, attemptNumber: 1 })));
    const again = await hubspot(retry);
    expect(await again.json()).toMatchObject({ received: 3, recorded: 0, repeated: 2 });
    await app().running.idle();
    expect((await stored(id))!.history.length).toBe(lead.history.length);
  });

  it('maps hs_lead_status UNQUALIFIED to lost with the mapping’s reason', async () => {
    const id = await claimedLead({ externalId: 'hubspot:51200', contact: { email: 'hs-unq@example.com' } });
    expect((await hubspot(delivery(51200, [{ property: 'hs_lead_status', value: 'UNQUALIFIED', eventId: 9100 }]))).status).toBe(200);
    await app().running.idle();
    expect((await stored(id))!.outcome).toMatchObject({ kind: 'lost', reason: 'no_decision', reasonLabel: 'No decision' });
  });

  it('refuses a wrong signature, another secret, a stale or missing timestamp with 401, and stores nothing', async () => {
    const id = await claimedLead({ externalId: 'hubspot:51300', contact: { email: 'hs-refused@example.com' } });
    const body = delivery(51300, [{ value: 'customer', eventId: 9200 }]);
    const wrongSecret = await hubspot(body, { secret: 'someone-elses-secret' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_signature' });
    expect((await hubspot(body, { timestamp: Date.now() - 6 * 60_000 })).status).toBe(401);
    expect((await hubspot(body, { signedUri: 'https://elsewhere.example/api/crm/hubspot' })).status).toBe(401);
    const unsigned = await fetch(`${app().url}/api/crm/hubspot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    // A delivery whose body was changed after signing.
    const url = `${app().url}/api/crm/hubspot`;
    const timestamp = String(Date.now());
    const signature = createHmac('sha256', HUBSPOT_SECRET).update(`POST${url}${body}${timestamp}`).digest('base64');
    const tampered = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp }, body: body.replace('customer', 'opportunity') });
    expect(tampered.status).toBe(401);
    await app().running.idle();
    expect((await stored(id))!.stage).toBe('sal');
    expect(await mongoose.connection.db!.collection('crm_inbox').countDocuments({ _id: 'hubspot:9200:51300' } as never)).toBe(0);
  });

  it('answers 400 for a body that is not a delivery', async () => {
    const notJson = await hubspot('{"eventId":');
    expect(notJson.status).toBe(400);
    const notArray = await hubspot(JSON.stringify({ eventId: 1 }));
    expect(notArray.status).toBe(400);
    expect(await notArray.json()).toMatchObject({ error: 'invalid_events' });
  });

  it('keeps a notice about a contact Leadloop does not know yet, shows it to admins, and applies it when the lead arrives and is claimed', async () => {
    expect((await hubspot(delivery(51400, [{ value: 'salesqualifiedlead', eventId: 9300 }]))).status).toBe(200);
    await app().running.idle();
    const waiting = await crmCommand();
    expect(waiting).toContain('waiting for the lead to arrive: 1');
    expect(waiting).toContain('lifecyclestage → salesqualifiedlead');
    expect(waiting).toContain('no lead is hubspot:51400 yet');

    const { id, ts } = await postedLead({ externalId: 'hubspot:51400', contact: { email: 'hs-later@example.com' } });
    expect((await stored(id))!.pendingSteps.map((p: any) => p.step)).toEqual(['meeting']);
    expect(await crmCommand()).toContain('kept until a rep claims the lead: 1');

    await app().interact(buttonClick({ userId: REP, actionId: ACTION_CLAIM, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));
    const lead = await eventually(async () => ((await stored(id))?.stage === 'sql' ? stored(id) : null), 5000, 'the kept step recorded on claim');
    expect(lead!.history.map((h: any) => [h.event, h.to])).toEqual([
      ['received', 'mql'],
      ['claimed', 'sal'],
      ['meeting', 'sql'],
    ]);
  });

  it('is refused to people who are not admins', async () => {
    const answer = await app().command(REP, 'crm');
    expect(((await answer.json()) as { text: string }).text).toBe('Only Leadloop admins can see what the CRMs sent.');
  });
});

describe('Salesforce Outbound Messages, natively', () => {
  it('links a converted lead (found by email) to its opportunity, then Closed Won moves it to won with the amount, answering the SOAP Ack each time', async () => {
    const id = await claimedLead({ contact: { email: 'lena.koch@example.de', name: 'Lena Koch' } });
    const converted = await salesforce(fixture('salesforce-lead-converted.xml'));
    expect(converted.status).toBe(200);
    expect(converted.headers.get('content-type')).toMatch(/^text\/xml/);
    const ack = await converted.text();
    expect(ack).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">');
    expect(ack).toContain('<Ack>true</Ack>');
    await app().running.idle();
    let lead = (await stored(id))!;
    expect(lead.stage).toBe('opportunity');
    expect(lead.crmIds).toEqual(['salesforce:0065g00000SFOPP1AAA']);

    expect((await salesforce(fixture('salesforce-opportunity-closed-won.xml'))).status).toBe(200);
    await app().running.idle();
    lead = (await stored(id))!;
    expect(lead.stage).toBe('won');
    expect(lead.outcome).toEqual({ kind: 'won', amount: 48000, currency: 'EUR' });

    // Salesforce may deliver a message twice: the same notification Id is applied once.
    const historyLength = lead.history.length;
    expect((await (await salesforce(fixture('salesforce-opportunity-closed-won.xml'))).text())).toContain('<Ack>true</Ack>');
    await app().running.idle();
    expect((await stored(id))!.history.length).toBe(historyLength);
  });

  it('waits with an opportunity it hears of before the conversion, and applies it once the lead is linked', async () => {
    const id = await claimedLead({ externalId: 'salesforce:00Q5g00000SFLEAD2EAA', contact: { email: 'early-opp@example.com' } });
    const opportunity = fixture('salesforce-opportunity-closed-won.xml').replaceAll('0065g00000SFOPP1AAA', '0065g00000SFOPP2AAA').replace('04l5g00000OPPW01AAA', '04l5g00000OPPW02AAA');
    await salesforce(opportunity);
    await app().running.idle();
    expect((await stored(id))!.stage).toBe('sal');
    const converted = fixture('salesforce-lead-converted.xml')
      .replace('00Q5g00000SFLEAD1EAA', '00Q5g00000SFLEAD2EAA')
      .replace('0065g00000SFOPP1AAA', '0065g00000SFOPP2AAA')
      .replace('04l5g00000LEAD01AAA', '04l5g00000LEAD02AAA')
      .replace('lena.koch@example.de', 'someone-else@example.de');
    await salesforce(converted);
    await app().running.idle();
    const lead = (await stored(id))!;
    expect(lead.history.slice(-2).map((h: any) => [h.event, h.to])).toEqual([
      ['opportunity', 'opportunity'],
      ['won', 'won'],
    ]);
  });

  it('refuses a wrong token, another org, a body that is not an Outbound Message, and JSON, storing nothing', async () => {
    const before = await mongoose.connection.db!.collection('crm_inbox').countDocuments();
    const xml = fixture('salesforce-lead-converted.xml').replace('04l5g00000LEAD01AAA', '04l5g00000LEAD09AAA');
    const wrongToken = await salesforce(xml, 'not-the-intake-token-at-all');
    expect(wrongToken.status).toBe(401);
    expect(await wrongToken.text()).toContain('<faultstring>Put the intake token in the endpoint URL');
    const otherOrg = await salesforce(xml.replace(ORG, '00D000000000001EAA'));
    expect(otherOrg.status).toBe(403);
    expect(await otherOrg.text()).toContain('takes Outbound Messages from Salesforce org 00D5g000004ABCDEAY only');
    const broken = await salesforce('<soapenv:Envelope><soapenv:Body><notifications>');
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('not well-formed XML');
    const notOutbound = await salesforce('<?xml version="1.0"?><root><a>1</a></root>');
    expect(notOutbound.status).toBe(400);
    expect((await salesforce(JSON.stringify({ Id: 1 }), INTAKE_TOKEN, 'application/json')).status).toBe(415);
    expect(await mongoose.connection.db!.collection('crm_inbox').countDocuments()).toBe(before);
  });
});
