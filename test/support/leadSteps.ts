import mongoose from 'mongoose';
import { ACTION_CLAIM, stepActionId } from '../../src/slack/blocks/leadMessage.js';
import { answer, buttonClick, modalSubmission } from './slackRequests.js';
import { aLead, eventually, INTAKE_TOKEN, LEADS_CHANNEL, type TestApp } from './testApp.js';

/**
 * Drives leads through the app as people do: intake over the API, clicks and
 * modals signed as Slack sends them, and CRM events over the API.
 */
export function leadSteps(app: () => TestApp) {
  const stored = (id: string) => mongoose.connection.db!.collection('leads').findOne({ _id: new mongoose.Types.ObjectId(id) });
  const historyLength = async (id: string) => (await stored(id))?.history.length ?? 0;
  const click = (id: string, ts: string, userId: string, actionId: string) =>
    app().interact(buttonClick({ userId, actionId, value: id, channelId: LEADS_CHANNEL, messageTs: ts }));

  return {
    stored,
    /** Takes a lead in; answers its id and, when it qualifies, the ts of its post. */
    async intake(overrides: Record<string, any>): Promise<{ id: string; ts: string | null }> {
      const res = await app().postLead(aLead(overrides));
      if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { id: string; stage: string };
      if (body.stage !== 'mql') return { id: body.id, ts: null };
      const post = await eventually(() => app().slack.accepted('chat.postMessage').find((c) => (JSON.stringify(c.args.blocks) ?? '').includes(body.id)), 5000, 'the post');
      await eventually(async () => (await stored(body.id))?.post.status === 'posted', 5000, 'the post recorded');
      return { id: body.id, ts: post.response!.ts as string };
    },
    async claim(id: string, ts: string, userId: string) {
      await click(id, ts, userId, ACTION_CLAIM);
      await eventually(async () => (await stored(id))?.owner?.userId === userId, 5000, 'the claim');
    },
    /** A button step without a modal (accept, contacted, meeting, opportunity). */
    async step(id: string, ts: string, userId: string, step: 'accept' | 'contacted' | 'meeting' | 'opportunity') {
      const before = await historyLength(id);
      await click(id, ts, userId, stepActionId(step));
      await eventually(async () => (await historyLength(id)) > before, 5000, `${step} recorded`);
    },
    async reject(id: string, ts: string, userId: string, reason: string, note?: string) {
      const before = app().slack.views.length;
      await click(id, ts, userId, stepActionId('reject'));
      const { view } = await eventually(() => app().slack.views[before], 5000, 'the reject modal');
      await app().interact(modalSubmission({ userId, view, values: { reason: answer.select(reason), ...(note ? { note: answer.text(note) } : {}) } }));
      await eventually(async () => (await stored(id))?.stage === 'rejected', 5000, 'the rejection');
    },
    /** The CRM reports a stage (sql, opportunity, won, lost). */
    async crm(id: string, event: Record<string, unknown>) {
      const res = await fetch(`${app().url}/api/leads/${id}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}` },
        body: JSON.stringify(event),
      });
      if (res.status !== 200) throw new Error(`CRM event answered ${res.status}: ${await res.text()}`);
    },
  };
}
