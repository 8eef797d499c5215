import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { aLead, eventually, useTestApp } from '../support/testApp.js';

const app = useTestApp();
const stored = (id: string) => mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });

async function intake(overrides: Record<string, unknown>): Promise<string> {
  const res = await app().postLead(aLead(overrides));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('a lead whose content pushes Slack’s limits', () => {
  it('is posted in full when its company name is 150 emoji-heavy characters: texts are cut in the units Slack counts', async () => {
    const company = '🏢👩‍👩‍👧‍👦🇩🇪'.repeat(20).slice(0, 150);
    const id = await intake({ contact: { name: 'Émoji Person 👍🏽', email: 'emoji@example.com' }, company: { name: company } });
    await eventually(async () => (await stored(id))?.post.status === 'posted', 5000, 'the post');
    const post = app().slack.accepted('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(id))!;
    const header = post.args.blocks.find((b: any) => b.type === 'header');
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text).toMatch(/^New lead: Émoji Person 👍🏽 · 🏢/);
    // No half of a surrogate pair left at the cut.
    expect(header.text.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('is posted with the minimal message when Slack still refuses the full one, and logged: never lost', async () => {
    app().slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const id = await intake({ contact: { name: 'Refused <Layout>', email: 'refused@example.com' } });
    await eventually(async () => (await stored(id))?.post.status === 'posted', 5000, 'the post');
    const calls = app().slack.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks).includes(id));
    expect(calls.map((c) => c.response?.error ?? c.response?.ok)).toEqual(['invalid_blocks', true]);
    const minimal = calls[1]!.args;
    expect(minimal.text).toBe('New lead: Refused &lt;Layout&gt; · Northwind Freight');
    const claim = minimal.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'lead_claim');
    expect(claim).toMatchObject({ type: 'button', value: id });
    expect(app().logs.lines).toContainEqual(expect.objectContaining({ event: 'lead_message_minimal', leadId: id, slackError: 'invalid_blocks' }));
  });
});
