import { describe, expect, it } from 'vitest';
import { eventually, useTestApp } from '../support/testApp.js';

// An app told to answer "working on it" at once, as it does when counting takes longer than Slack waits.
const app = useTestApp({ env: { TZ: 'Europe/Berlin' }, now: () => new Date('2026-11-18T10:00:00Z'), commandAnswerMs: 0 });

describe('/leads stats when counting takes longer than Slack waits', () => {
  it('acknowledges at once and sends the figures through response_url', async () => {
    const res = await app().command('U0MARKET01', 'stats last week');
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: 'Counting the leads for week of 2026-11-09…' });
    const followUp = await eventually(() => app().slack.callsTo('response_url')[0], 5000, 'the follow-up');
    expect(followUp.args).toMatchObject({ response_type: 'ephemeral', replace_original: true, text: expect.stringMatching(/^Leads · week of 2026-11-09: No leads came in/) });
  });
});
