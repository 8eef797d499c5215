import { describe, expect, it } from 'vitest';
import { leadSteps } from '../support/leadSteps.js';
import { eventually, useTestApp } from '../support/testApp.js';

const REP = 'U0REPA0001';
const MARKETER = 'U0MKTG0001';
const DIGEST = 'C0DIGEST001';
let clock = new Date('2026-11-10T09:00:00Z');
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST, TZ: 'Europe/Berlin', LEADLOOP_SALES: REP, LEADLOOP_MARKETING: MARKETER }, now: () => clock });
const leads = leadSteps(app);

/**
 * Every string Slack would read as mrkdwn: texts and fallbacks, deep in
 * blocks. plain_text objects are shown as they are (Slack parses no mentions
 * in them), so they are left out.
 */
function renderedStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => renderedStrings(v, out));
  else if (value && typeof value === 'object' && (value as { type?: unknown }).type !== 'plain_text') Object.values(value).forEach((v) => renderedStrings(v, out));
  return out;
}
const PING = /<!(channel|here|everyone)\b|<!subteam\^S0EVIL/;

describe('lead data and typed text reach Slack escaped in every field it renders', () => {
  it('never pings from a source, a campaign, a name or a command’s echo', async () => {
    const evil = { source: '<!channel> webinar', campaign: '<!here> q4 <!subteam^S0EVIL>' };
    const a = await leads.intake({ contact: { name: '<!everyone> Dana', email: 'evil-a@example.com' }, ...evil });
    const b = await leads.intake({ contact: { name: 'Bea', email: 'evil-b@example.com' }, ...evil });
    clock = new Date('2026-11-10T09:10:00Z');
    await leads.claim(a.id, a.ts!, REP);
    await leads.reject(a.id, a.ts!, REP, 'no_budget', '<!channel> not now');
    await leads.claim(b.id, b.ts!, REP);
    await leads.step(b.id, b.ts!, REP, 'accept');

    clock = new Date('2026-11-16T08:00:00Z');
    await app().running.runDigestNow();
    await eventually(() => app().slack.accepted('chat.postMessage').find((c) => c.args.channel === DIGEST && c.args.thread_ts), 10_000, 'the digest thread');

    // Ephemeral answers come back in the HTTP response of the command.
    const answers: unknown[] = [];
    for (const text of ['stats last week source:"<!channel> webinar"', 'stats last week source:"<!here>"', 'nonsense <!channel> `x`', 'forget <!channel>@example.com', 'find <!channel>']) {
      const res = await app().command(MARKETER, text);
      const body = await res.text();
      if (body) answers.push(JSON.parse(body));
    }
    const everything = [...app().slack.calls.map((c) => c.args), ...answers];
    const pings = everything.flatMap((args) => renderedStrings(args)).filter((s) => PING.test(s));
    expect(pings).toEqual([]);
    // The words are still there, escaped, for people to read.
    const digest = app().slack.accepted('chat.postMessage').filter((c) => c.args.channel === DIGEST);
    expect(JSON.stringify(digest.map((c) => c.args))).toContain('&lt;!channel&gt; webinar');
  });
});
