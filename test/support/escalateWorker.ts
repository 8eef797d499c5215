/**
 * One process escalating due leads, as an instance's service-level job
 * does (the use case, on a real MongoDB connection), for tests of what
 * several instances do at once. Waits for "go" on stdin so that all start
 * together; prints what it escalated as JSON.
 */
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import { loadDefinitionFile } from '../../src/definition/definitionFile.js';
import { checkServiceLevels } from '../../src/usecases/serviceLevels.js';

await mongoose.connect(process.env.MONGODB_URI!, { autoIndex: false });
const definition = await loadDefinitionFile('config/lead-definition.yml');
const now = new Date(process.env.NOW!);
const reps = process.env.REPS!.split(',');
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();
process.stdin.destroy();
const given: Array<{ leadId: string; assignee: string | null }> = [];
for (;;) {
  const notices = await checkServiceLevels({ now, definition, timeZone: 'UTC', roster: [], rosterFor: async () => ({ queue: 'EMEA', reps }) });
  const escalated = notices.filter((n) => n.kind === 'escalated');
  if (escalated.length === 0) break;
  for (const n of escalated) given.push({ leadId: n.lead.id, assignee: n.kind === 'escalated' ? n.assignee : null });
}
process.stdout.write(`${JSON.stringify(given)}\n`);
await mongoose.disconnect();
