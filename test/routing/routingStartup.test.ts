import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../support/testApp.js';

function routingFile(channel: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'leadloop-routing-')), 'routing.yml');
  writeFileSync(file, `queues:\n  - name: EMEA\n    channel: ${channel}\n    reps: [U0ANNA0001]\n    when: { region: [EMEA] }\n`);
  return file;
}

describe('the routing file at the first start', () => {
  it('stops start-up, naming the queue, when Leadloop is not in a queue’s channel, and stores nothing', async () => {
    await expect(startTestApp({ env: { ROUTING_FILE: routingFile('C0NOTIN001') }, beforeStart: (slack) => slack.channelsWithoutApp.add('C0NOTIN001') })).rejects.toThrow(
      /The routing at .*routing\.yml cannot be used: queues\[0\]\.channel Leadloop is not in <#C0NOTIN001>/,
    );
  });

  it('refuses a file with an unknown field before it connects to anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'leadloop-routing-')), 'routing.yml');
    writeFileSync(file, 'queues:\n  - name: EMEA\n    channel: C0EMEA0001\n    reps: [U0ANNA0001]\n    team: emea\n');
    await expect(startTestApp({ env: { ROUTING_FILE: file } })).rejects.toThrow(/The routing at .* is invalid: queues\[0\]\.team is not a known field/);
  });

  it('starts when Slack cannot say (a missing scope), logging it, and uses the routing as written', async () => {
    const app = await startTestApp({ env: { ROUTING_FILE: routingFile('C0EMEA0001') }, beforeStart: (slack) => slack.failNext('conversations.info', { error: 'missing_scope' }) });
    try {
      expect(app.logs.lines.some((l) => l.event === 'routing_check_unsure' && l.id === 'C0EMEA0001')).toBe(true);
      const stored = await mongoose.connection.db!.collection('routing_versions').findOne({ version: 1 });
      expect(stored).toMatchObject({ by: 'file', queues: [{ name: 'EMEA', channel: 'C0EMEA0001' }] });
    } finally {
      await app.stop();
    }
  });
});
