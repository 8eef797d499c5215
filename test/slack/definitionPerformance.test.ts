import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { buttonClick } from '../support/slackRequests.js';
import { freshLeadDocument, random } from '../support/leadHistories.js';
import { eventually, LEADS_CHANNEL, useTestApp } from '../support/testApp.js';

/**
 * "How it performs" on a generated history, checked against figures
 * recomputed here from the stored documents (nothing from src/), and the
 * suggested change taken through the usual approval.
 */
const ADMIN = 'U0ADMIN01';
const SALES = 'U0SALES01';
const MARKETING = 'U0MKTG001';
const NOW = new Date('2026-11-30T12:00:00Z');
const app = useTestApp({ env: { LEADLOOP_ADMINS: ADMIN, LEADLOOP_SALES: SALES, LEADLOOP_MARKETING: MARKETING }, now: () => NOW, commandAnswerMs: 20_000 });

// The default definition's questions, written out (config/lead-definition.yml).
const QUESTIONS: Record<string, { label: string; answers: Record<string, [string, number]> }> = {
  need: { label: 'Need / product fit', answers: { clear: ['Clear need we solve', 30], some: ['Some need', 15], none: ['No need', 0] } },
  budget: { label: 'Budget', answers: { approved: ['Approved', 25], planned: ['Planned', 15], unknown: ['Unknown', 5], none: ['No budget', 0] } },
  authority: { label: 'Authority', answers: { decision_maker: ['Decision maker', 20], influencer: ['Influencer', 10], user: ['User', 5], unknown: ['Unknown', 0] } },
  timeline: { label: 'Timeline', answers: { this_quarter: ['This quarter', 25], next_quarter: ['Next quarter', 15], this_year: ['This year', 5], later: ['Later', 0] } },
};
const SOURCES = ['webinar', 'ads', 'events', 'referral'];
const rnd = random(42);
const pick = <T,>(values: readonly T[]) => values[Math.floor(rnd() * values.length)]!;

/** Leads of the last 85 days (and some older, outside the window), judged, worked, and often checked by sales. */
function generated(): Array<Record<string, any>> {
  const docs: Array<Record<string, any>> = [];
  for (let i = 0; i < 260; i++) {
    const old = i % 13 === 0; // outside the 90 days: must not count
    const receivedAt = new Date(NOW.getTime() - (old ? 100 + rnd() * 30 : 1 + rnd() * 84) * 86_400_000);
    const doc = freshLeadDocument(`Perf ${i}`, `perf${i}@example.com`, `Perf Co ${i % 30}`, receivedAt);
    doc.source = pick(SOURCES);
    doc.qualification = Object.fromEntries(Object.entries(QUESTIONS).map(([key, q]) => [key, pick(Object.keys(q.answers))]));
    const score = 20 + Math.floor(rnd() * 80);
    doc.judgement = { definitionVersion: 1, score, threshold: 50, qualified: score >= 50, breakdown: [], unmet: [] };
    let at = receivedAt;
    const later = () => (at = new Date(at.getTime() + 3_600_000));
    const history: any[] = [{ at, by: { kind: 'api' }, from: null, to: score >= 50 ? 'mql' : 'nurture', event: 'received' }];
    const worked = score >= 50 ? rnd() < 0.8 : rnd() < 0.2;
    let stage = history[0].to;
    if (worked) {
      if (stage === 'nurture') history.push({ at: later(), by: { kind: 'system' }, from: 'nurture', to: 'mql', event: 'qualified' });
      history.push({ at: later(), by: { kind: 'user', userId: SALES }, from: 'mql', to: 'sal', event: 'claimed' });
      history.push({ at: later(), by: { kind: 'user', userId: SALES }, from: 'sal', to: 'sal', event: 'accept' });
      stage = 'sal';
      doc.owner = { userId: SALES, claimedAt: at };
      doc.verdict = { kind: 'accepted', at, by: SALES };
      if (rnd() < 0.6) {
        // Sales asked: most answers hold, an "approved" budget often turns out unknown.
        const answers = Object.entries(QUESTIONS).map(([key, q]) => {
          const intake = doc.qualification[key];
          const found = key === 'budget' && intake === 'approved' && rnd() < 0.6 ? 'unknown' : rnd() < 0.75 ? intake : pick(Object.keys(q.answers));
          return { key, label: q.label, found, foundLabel: q.answers[found]![0], intake, intakeLabel: q.answers[intake]![0] };
        });
        doc.findings = { definitionVersion: 1, by: SALES, at: later(), answers, score: 0, threshold: 50, qualified: true };
        history.push({ at, by: { kind: 'user', userId: SALES }, from: 'sal', to: 'sal', event: 'findings', definitionVersion: 1, details: { findings: Object.fromEntries(answers.map((a) => [a.key, a.found])) } });
      }
      if (rnd() < score / 150) {
        history.push({ at: later(), by: { kind: 'user', userId: SALES }, from: 'sal', to: 'sql', event: 'meeting' });
        stage = 'sql';
        if (rnd() < 0.4) {
          history.push({ at: later(), by: { kind: 'api' }, from: 'sql', to: 'won', event: 'won', details: { amount: 1000, currency: 'EUR' } });
          stage = 'won';
          doc.outcome = { kind: 'won', amount: 1000, currency: 'EUR' };
        }
      }
    }
    doc.stage = stage;
    doc.history = history;
    docs.push(doc);
  }
  return docs;
}

const docs = generated();
beforeAll(async () => {
  await mongoose.connection.db!.collection('leads').insertMany(docs);
});

const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

/** The figures, recounted here from the documents, and written as the README says they read. */
function expectedLines() {
  const window = docs.filter((d) => d.receivedAt >= new Date(NOW.getTime() - 90 * 86_400_000) && d.receivedAt < NOW);
  const checked = window.filter((d) => d.findings);
  const worked = window.filter((d) => d.history.some((h: any) => h.to === 'sal'));
  const reached = (d: any, stages: string[]) => d.history.some((h: any) => stages.includes(h.to));
  const questions = Object.entries(QUESTIONS).map(([key, q]) => {
    const pairs = checked.map((d) => d.findings.answers.find((a: any) => a.key === key));
    const agreed = pairs.filter((p) => p.found === p.intake).length;
    const corrections = new Map<string, number>();
    for (const p of pairs) if (p.found !== p.intake) corrections.set(`${p.intake}>${p.found}`, (corrections.get(`${p.intake}>${p.found}`) ?? 0) + 1);
    // The commonest correction; on a tie, the larger share of the leads that came with that answer, then by name.
    const cameWith = (value: string) => pairs.filter((p) => p.intake === value).length;
    const [top] = [...corrections].sort((a, b) => b[1] - a[1] || b[1] / cameWith(b[0].split('>')[0]!) - a[1] / cameWith(a[0].split('>')[0]!) || a[0].localeCompare(b[0]));
    const [from, to] = top![0].split('>') as [string, string];
    const of = cameWith(from);
    return { key, line: `• *${q.label.replace('/', '/')}*: agreed in ${pct(agreed, pairs.length)} (${agreed} of ${pairs.length}) · most corrected: ${q.answers[from]![0]} → ${q.answers[to]![0]} in ${pct(top![1], of)} of the checked leads that came with it (${top![1]} of ${of})` };
  });
  const bandOf = (d: any) => (d.judgement.score < 50 ? 'below' : Math.floor(d.judgement.score / 10) * 10);
  const bandKeys = ['below', 50, 60, 70, 80, 90] as const;
  const bands = bandKeys
    .map((band) => worked.filter((d) => bandOf(d) === band))
    .map((group, i) => (group.length === 0 ? null : `• ${bandKeys[i] === 'below' ? 'below 50' : `${bandKeys[i]}–${(bandKeys[i] as number) + 9}`}: ${group.length} worked · SQL ${pct(group.filter((d) => reached(d, ['sql', 'opportunity', 'won'])).length, group.length)} · won ${pct(group.filter((d) => reached(d, ['won'])).length, group.length)}`))
    .filter(Boolean);
  const sources = SOURCES.map((source) => {
    const own = window.filter((d) => d.source === source);
    const ownChecked = own.filter((d) => d.findings);
    const answers = ownChecked.flatMap((d) => d.findings.answers);
    const ownWorked = own.filter((d) => worked.includes(d));
    return { checked: ownChecked.length, worked: ownWorked.length, source, line: `• ${source}\\n      ${ownChecked.length} checked · answers agreed ${pct(answers.filter((a: any) => a.found === a.intake).length, answers.length)} · ${ownWorked.length} worked · SQL ${pct(ownWorked.filter((d) => reached(d, ['sql', 'opportunity', 'won'])).length, ownWorked.length)} · won ${pct(ownWorked.filter((d) => reached(d, ['won'])).length, ownWorked.length)}` };
  });
  // The suggestion: "approved" budgets were corrected in ≥ 40 % of checked leads; new points = mean points of what sales found.
  const cameApproved = checked.map((d) => d.findings.answers.find((a: any) => a.key === 'budget')).filter((a) => a.intake === 'approved');
  const to = Math.round(cameApproved.reduce((sum, a) => sum + QUESTIONS.budget!.answers[a.found]![1], 0) / cameApproved.length);
  return { checked: checked.length, questions, bands, sources, to, approvedCorrected: cameApproved.filter((a) => a.found !== 'approved').length, approvedOf: cameApproved.length };
}

async function definitionScreen(userId: string) {
  const res = await app().command(userId, 'definition');
  return (await res.json()) as { text: string; blocks: any[] };
}
const click = (userId: string, actionId: string, value: string) => app().interact(buttonClick({ userId, actionId, value, channelId: LEADS_CHANNEL, messageTs: '1.000001' }));

describe('how the definition performs', () => {
  it('shows, in /leads definition, the figures an independent recount of the history gives', async () => {
    const want = expectedLines();
    expect(want.checked).toBeGreaterThanOrEqual(30);
    const screen = JSON.stringify((await definitionScreen(SALES)).blocks);
    expect(screen).toContain('How it performs');
    expect(screen).toContain(`${want.checked} were checked by sales`);
    const shown = screen.match(/• \*[^\\"]*agreed in[^\\"]*/g);
    for (const q of want.questions) expect(shown).toContain(JSON.stringify(q.line).slice(1, -1));
    for (const band of want.bands) expect(screen).toContain(JSON.stringify(band).slice(1, -1));
    const top = [...want.sources].sort((a, b) => b.checked - a.checked || b.worked - a.worked || a.source.localeCompare(b.source));
    for (const s of top) expect(screen).toContain(s.line);
    // A rep sees the suggestion but no button to propose it.
    expect(screen).toContain(`*Suggested change:* Budget “Approved” 25 → ${want.to} points`);
    expect(screen).toContain(`sales found otherwise in ${want.approvedCorrected} of ${want.approvedOf} checked leads that came with “Approved”`);
    expect(screen).not.toContain('Propose this change');
  });

  it('lets an admin turn the suggestion into a proposal that changes nothing until sales and marketing approve', async () => {
    const want = expectedLines();
    const admin = await definitionScreen(ADMIN);
    const button = admin.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements).find((e: any) => e.text.text === 'Propose this change');
    expect(button.value).toBe('1');
    await click(SALES, 'definition_suggest', '1');
    await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === SALES && /Only Leadloop admins/.test(c.args.text)), 5000, 'the refusal');

    await click(ADMIN, 'definition_suggest', '1');
    const told = await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === ADMIN && /^Proposed v2/.test(c.args.text)), 5000, 'the proposal');
    expect(told.args.text).toContain('It takes effect when one person from sales and one from marketing approve it');
    const versions = () => mongoose.connection.db!.collection('definitions').find().sort({ version: 1 }).toArray();
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([[1, 'active'], [2, 'proposed']]);

    await click(SALES, 'definition_approve', '2');
    await click(MARKETING, 'definition_approve', '2');
    await eventually(async () => (await versions()).find((v) => v.version === 2)?.status === 'active', 5000, 'v2 in force');
    const v2 = (await versions()).find((v) => v.version === 2)!;
    expect(v2.definition.questions.find((q: any) => q.key === 'budget').answers.find((a: any) => a.value === 'approved').points).toBe(want.to);
    expect(v2.definition.threshold).toBe(50);

    // The old suggestion's button, clicked after the change, proposes nothing.
    await click(ADMIN, 'definition_suggest', '1');
    await eventually(() => app().slack.accepted('chat.postEphemeral').find((c) => c.args.user === ADMIN && /^Nothing was proposed: the definition changed since \(now v2\)/.test(c.args.text)), 5000, 'the stale refusal');
  });
});
