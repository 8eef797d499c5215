import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { aLead, startTestApp } from '../support/testApp.js';

const SECRET = 'hubspot-client-secret-proxy-1';

describe('HubSpot behind a proxy, with a mapping of the team’s own', () => {
  it('checks the signature over PUBLIC_URL + path, and maps the values the team’s crm.yml names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadloop-crm-'));
    const mappingFile = join(dir, 'crm.yml');
    writeFileSync(mappingFile, 'hubspot:\n  properties:\n    lifecyclestage:\n      evangelist: { stage: lost, reason: competitor }\n');
    const app = await startTestApp({ env: { HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL: 'https://leadloop.example.com/', CRM_MAPPING_FILE: mappingFile } });
    try {
      const { id } = (await (await app.postLead(aLead({ externalId: 'hubspot:61001', contact: { email: 'hs-proxy@example.com' } }))).json()) as { id: string };
      const body = JSON.stringify([{ eventId: 7001, subscriptionId: 1, portalId: 62515, appId: 1, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: 61001, propertyName: 'lifecyclestage', propertyValue: 'evangelist', changeSource: 'CRM_UI' }]);
      const send = (signedUri: string) => {
        const timestamp = String(Date.now());
        const signature = createHmac('sha256', SECRET).update(`POST${signedUri}${body}${timestamp}`).digest('base64');
        return fetch(`${app.url}/api/crm/hubspot`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp }, body });
      };
      // Signed for the address HubSpot called, not the one the app listens on.
      const local = await send(`${app.url}/api/crm/hubspot`);
      expect(local.status).toBe(401);
      expect((await local.json()).message).toContain('https://leadloop.example.com/api/crm/hubspot');
      expect(await (await send('https://leadloop.example.com/api/crm/hubspot')).json()).toMatchObject({ recorded: 1 });
      await app.running.idle();
      // Nobody has claimed it: kept, as the team's mapping says (lost to a competitor).
      const lead = await mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });
      expect(lead!.pendingSteps.map((p: any) => [p.step, p.details.reason])).toEqual([['lost', 'competitor']]);
    } finally {
      await app.stop();
    }
  });

  it('will not start with a mapping that names an unknown stage, saying where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadloop-crm-'));
    const mappingFile = join(dir, 'crm.yml');
    writeFileSync(mappingFile, 'salesforce:\n  leadStatus:\n    "Working - Contacted": called\n');
    await expect(startTestApp({ env: { CRM_MAPPING_FILE: mappingFile } })).rejects.toThrow(/CRM mapping at .*crm\.yml is invalid: salesforce\.leadStatus\.Working - Contacted must be a stage/);
  });
});
