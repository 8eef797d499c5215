import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/leads/lead.js';
import { ACTION_CLAIM, ACTION_RELEASE, leadMessage } from '../../../src/slack/blocks/leadMessage.js';
import { fileNameSafe, LIMITS, mrkdwnSafe, truncate } from '../../../src/slack/blocks/text.js';

const receivedAt = new Date('2026-11-02T09:00:00Z');
function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: '6740a1b2c3d4e5f601234567',
    origin: 'marketing',
    contact: { name: 'Dana Whitfield', email: 'dana@example.com', title: 'VP Ops' },
    company: { name: 'Northwind', size: '201-500' },
    qualification: { need: 'clear', budget: 'approved' },
    judgement: {
      definitionVersion: 2,
      score: 55,
      threshold: 50,
      qualified: true,
      unmet: [],
      breakdown: [
        { criterion: 'need', label: 'Need / product fit', answer: 'clear', answerLabel: 'Clear need we solve', points: 30 },
        { criterion: 'budget', label: 'Budget', answer: 'approved', answerLabel: 'Approved', points: 25 },
      ],
    },
    source: 'webinar',
    campaign: 'q4',
    stage: 'mql',
    owner: null,
    verdict: null,
    firstTouchAt: null,
    outcome: null,
    rejectedBy: [],
    post: { status: 'posted', channelId: 'C1', ts: '1.2', postedAt: receivedAt },
    receivedAt,
    history: [],
    ...overrides,
  };
}

/** Every text a Slack client would render, to check limits and escaping everywhere. */
function texts(blocks: any[]): string[] {
  const out: string[] = [];
  const walk = (v: any) => {
    if (v && typeof v === 'object') {
      if (typeof v.text === 'string') out.push(v.text);
      Object.values(v).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

describe('leadMessage', () => {
  it('shows the facts a rep needs and a Claim button that carries only the lead id', () => {
    const { text, blocks } = leadMessage(lead());
    const all = texts(blocks).join('\n');
    for (const fact of ['Dana Whitfield', 'VP Ops', 'Northwind', 'dana@example.com', 'webinar · q4', '*Need / product fit:* Clear need we solve', '*Budget:* Approved', '*Score:* 55 (threshold 50, definition v2)']) {
      expect(all).toContain(fact);
    }
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    expect((actions[0] as any).elements).toEqual([expect.objectContaining({ action_id: ACTION_CLAIM, value: lead().id, style: 'primary' })]);
    expect(text).toBe('New lead: Dana Whitfield · Northwind (VP Ops) — webinar / q4 — waiting to be claimed');
  });

  const minutes = (n: number) => new Date(receivedAt.getTime() + n * 60_000);
  const buttons = (l: Lead) => ((leadMessage(l).blocks.find((b) => b.type === 'actions') as any)?.elements ?? []).map((e: any) => e.text.text);

  it('shows the owner, the time to claim, the verdict buttons and Release once claimed', () => {
    const claimed = lead({ stage: 'sal', owner: { userId: 'U123', claimedAt: minutes(12) } });
    const { blocks, text } = leadMessage(claimed);
    expect(texts(blocks).join('\n')).toContain('Claimed by <@U123> · 12 min after posting');
    expect(buttons(claimed)).toEqual(['Accept', 'Not a lead', 'Release']);
    expect((blocks.find((b) => b.type === 'actions') as any).elements.at(-1).action_id).toBe(ACTION_RELEASE);
    // Claimed, no verdict yet: not SAL (SAL means accepted, as in the reports).
    expect(text).toContain('— claimed by <@U123>');
    expect(text).not.toContain('SAL');
  });

  it('follows the lead to won: verdict, first contact and amount, with only the next steps as buttons', () => {
    const owner = { userId: 'U123', claimedAt: minutes(5) };
    const accepted = lead({ stage: 'sal', owner, verdict: { kind: 'accepted', at: minutes(6), by: 'U123' } });
    expect(buttons(accepted)).toEqual(['Contacted', 'Meeting booked', 'Opportunity', 'Won', 'Lost', 'Qualify']);
    const won = lead({ ...accepted, stage: 'won', firstTouchAt: minutes(125), outcome: { kind: 'won', amount: 12500, currency: 'EUR' } });
    const all = texts(leadMessage(won).blocks).join('\n');
    expect(all).toContain('Accepted by <@U123>');
    expect(all).toContain('First contact 2 h after claiming');
    expect(all).toContain('Won: *€12,500.00*');
    expect(all).toContain('Stage: *WON*');
    expect(buttons(won)).toEqual([]);
  });

  it('shows a rejection with its reason and note, and no buttons', () => {
    const rejected = lead({
      stage: 'rejected',
      owner: { userId: 'U123', claimedAt: minutes(5) },
      verdict: { kind: 'rejected', at: minutes(6), by: 'U123', reason: 'no_budget', reasonLabel: 'No budget', note: 'Student <project>' },
    });
    const all = texts(leadMessage(rejected).blocks).join('\n');
    expect(all).toContain('Not a lead: *No budget* — “Student &lt;project&gt;”');
    expect(buttons(rejected)).toEqual([]);
  });

  it('never lets lead data ping the channel or become a link', () => {
    const hostile = lead({
      contact: { name: '<!channel> Mallory', title: '<https://evil.example|click>', email: 'm@x.co' },
      note: 'hi <@U999> & <!here>',
    });
    const { text, blocks } = leadMessage(hostile);
    // mrkdwn and the fallback text are parsed by Slack, so they must be escaped…
    const parsed = [text, ...texts(blocks.filter((b) => b.type !== 'header'))].join('\n');
    expect(parsed).not.toMatch(/<!channel>|<!here>|<@U999>|<https:/);
    expect(parsed).toContain('&lt;!channel&gt; Mallory');
    expect(parsed).toContain('&amp;');
    // …the header is plain_text, which Slack never parses for mentions or links.
    expect((blocks[0] as any).text.type).toBe('plain_text');
  });


  it('stays inside Block Kit limits whatever the input size', () => {
    const huge = 'Ü'.repeat(10_000) + '😀'.repeat(3000);
    const { text, blocks } = leadMessage(
      lead({
        contact: { name: huge, title: huge, email: 'a@b.co', phone: huge },
        company: { name: huge, domain: huge, size: huge, industry: huge, country: huge },
        qualification: { need: huge, budget: huge, authority: huge, timeline: huge, [huge.slice(0, 3)]: huge },
        source: huge,
        campaign: huge,
        note: '&'.repeat(6000),
      }),
    );
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    // Measured in UTF-16 units, as Slack measures.
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    const header = blocks.find((b) => b.type === 'header') as any;
    expect(header.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    for (const block of blocks as any[]) {
      if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      if (block.type === 'section' && block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(LIMITS.sectionFields);
        for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.sectionField);
      }
    }
    // A truncated note ends cleanly, not in half an HTML entity.
    const note = (blocks as any[]).find((b) => b.type === 'section' && b.text?.text.startsWith('*Note*'));
    expect(note.text.text).toMatch(/(&amp;)+…$/);
  });

  it('names a contact without a name by email, and without either plainly', () => {
    expect(leadMessage(lead({ contact: { email: 'x@y.co' } })).text).toContain('New lead: x@y.co');
    expect(leadMessage(lead({ contact: {}, company: {} })).text).toContain('New lead: Unnamed contact');
  });
});

describe('text helpers', () => {
  it('truncate counts UTF-16 units as Slack does, never splits an emoji or a sequence, and marks the cut', () => {
    expect(truncate('😀😀😀', 3)).toBe('😀…'); // each 😀 is two units
    expect(truncate('😀😀😀', 2)).toBe('…');
    expect(truncate('abc', 3)).toBe('abc');
    const family = '👩‍👩‍👧‍👦'; // 11 units, one character to a reader
    expect(truncate(`${family}${family}`, 15)).toBe(`${family}…`);
    expect(truncate(`e\u0301${'x'.repeat(10)}`, 2)).toBe('…');
    for (let max = 1; max < 40; max++) expect(truncate('🇩🇪👍🏽é'.repeat(5), max).length).toBeLessThanOrEqual(max);
  });

  it('fileNameSafe strips control and bidi characters from names that reach headers', () => {
    expect(fileNameSafe('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(fileNameSafe('a\r\nContent-Type: x\u0000.csv')).toBe('aContent-Type: x.csv');
    expect(fileNameSafe('\u2066\u2069')).toBe('file');
  });

  it('mrkdwnSafe escapes before it measures', () => {
    expect(mrkdwnSafe('a&b', 100)).toBe('a&amp;b');
    expect(mrkdwnSafe('&&&', 8).length).toBeLessThanOrEqual(8);
  });
});

describe('the stage a person reads', () => {
  const contextOf = (l: Lead) => JSON.stringify(leadMessage(l).blocks.filter((b: any) => b.type === 'context'));
  it('calls a claimed lead without a verdict CLAIMED, and SAL only once sales accepted it', () => {
    const owner = { userId: 'U0REPA0001', claimedAt: receivedAt };
    const claimed = lead({ stage: 'sal', owner });
    expect(contextOf(claimed)).toContain('Stage: *CLAIMED*');
    expect(contextOf(claimed)).not.toContain('SAL');
    expect(leadMessage(claimed).text).toMatch(/ — claimed by <@U0REPA0001>$/);
    const accepted = lead({ stage: 'sal', owner, verdict: { kind: 'accepted', at: receivedAt, by: 'U0REPA0001' } });
    expect(contextOf(accepted)).toContain('Stage: *SAL*');
    expect(contextOf(lead({ stage: 'mql' }))).toContain('Stage: *MQL*');
  });
});
