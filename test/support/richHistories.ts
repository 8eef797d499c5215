import { freshLeadDocument, random } from './leadHistories.js';

/**
 * Lead lives as they really go, for the report recomputation test: releases
 * and claims by someone else, escalations, rejections (some re-qualified and
 * won later), automatic accepts, CRM jumps (accept → won, accept →
 * opportunity, accept → lost), nurture leads qualified later, erasures, and
 * won amounts in several currencies. Each lead document is what Leadloop
 * stores; the test recomputes every figure from these documents' histories
 * on its own, never from how they were generated.
 */

const SOURCES = ['web', 'webinar', 'partner', 'ads', 'events', 'referral', 'podcast', 'ﻣﺆﺗﻤﺮ الربيع', 'x'.repeat(120), '🚀 launch', '*bold* <!channel>', undefined];
const CAMPAIGNS = ['spring', 'q4-webinars', 'brand', 'retargeting', 'partner-days', 'newsletter', 'trade-show', undefined];
const REASONS = ['no_budget', 'wrong_persona', 'student', 'competitor'];
const REPS = ['U0REPA0001', 'U0REPB0001', 'U0REPC0001', 'U0REPD0001', 'U0REPE0001'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY'];

export function richLeadDocuments(count: number, range: { from: Date; to: Date }, seed: number): Array<Record<string, any>> {
  const rnd = random(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)]!;
  const span = range.to.getTime() - range.from.getTime();
  const docs: Array<Record<string, any>> = [];
  for (let i = 0; i < count; i++) {
    const receivedAt = new Date(range.from.getTime() + Math.floor(rnd() * span));
    let at = receivedAt;
    const later = (maxMinutes: number) => (at = new Date(at.getTime() + (1 + Math.floor(rnd() * maxMinutes)) * 60_000));
    const history: Array<Record<string, any>> = [];
    let stage = rnd() < 0.7 ? 'mql' : 'nurture';
    const push = (to: string, event: string, by: Record<string, any>, details?: Record<string, unknown>) => {
      history.push({ at, by, from: history.length ? stage : null, to, event, ...(details ? { details } : {}) });
      stage = to;
    };
    const doc = freshLeadDocument(`Rich Lead ${i}`, `rich${i}@example.com`, `Company ${i % 40}`, receivedAt);
    const source = pick(SOURCES);
    const campaign = pick(CAMPAIGNS);
    if (source) doc.source = source;
    if (campaign) doc.campaign = campaign;
    const user = (id: string) => ({ kind: 'user', userId: id });
    if (rnd() < 0.12) {
      // A rep's own prospect (sales-sourced): theirs from the start, then worked like any lead.
      const rep = pick(REPS);
      stage = 'sal';
      doc.origin = 'sales';
      history.push({ at, by: rnd() < 0.7 ? user(rep) : { kind: 'api' }, from: null, to: 'sal', event: 'prospected', details: { assignee: rep } });
      doc.owner = { userId: rep, claimedAt: at };
      doc.verdict = { kind: 'prospected', at, by: rep };
      if (rnd() < 0.2) {
        later(300);
        push('sal', 'first_touch_reminder', { kind: 'system' });
      }
      const path = rnd();
      if (path > 0.3) {
        later(1000);
        push('sal', 'contacted', user(rep));
        doc.firstTouchAt = at;
      }
      if (path > 0.5) {
        later(2000);
        push('sql', 'meeting', user(rep));
      }
      if (path > 0.7) {
        later(2000);
        push('opportunity', 'opportunity', user(rep));
      }
      if (path > 0.8) {
        const currency = pick(CURRENCIES);
        const amount = 500 + Math.floor(rnd() * 900) * 50;
        later(5000);
        push('won', 'won', user(rep), { amount, currency });
        doc.outcome = { kind: 'won', amount, currency };
      } else if (path > 0.75) {
        later(3000);
        push('lost', 'lost', user(rep), { reason: 'price' });
        doc.outcome = { kind: 'lost', reason: 'price' };
      }
      doc.stage = stage;
      doc.history = history;
      docs.push(doc);
      continue;
    }
    // Leads stored before origins existed have none; newer ones say marketing.
    if (rnd() < 0.5) doc.origin = 'marketing';
    push(stage, 'received', { kind: 'api' });
    if (stage === 'nurture' && rnd() < 0.3) {
      later(3000);
      push('mql', 'qualified', { kind: 'system' });
    }
    // Posted leads were routed: to a queue, or the default one; leads from before routing have none.
    if (stage === 'mql') {
      const queue = rnd();
      if (queue < 0.35) doc.queue = { name: 'EMEA', version: 1 };
      else if (queue < 0.6) doc.queue = { name: 'NA', version: 1 };
      else if (queue < 0.85) doc.queue = { name: 'default', version: 1 };
    }
    let rejecters: string[] = [];
    // Up to two rounds: a rejection can be re-qualified and taken on again.
    for (let round = 0; round < 2 && stage === 'mql'; round++) {
      if (rnd() < 0.12) break; // never taken on
      if (rnd() < 0.2) {
        later(40);
        push('mql', 'claim_reminder', { kind: 'system' });
      }
      const rep = pick(REPS.filter((r) => !rejecters.includes(r)));
      later(600);
      if (rnd() < 0.15) push('sal', 'escalated', { kind: 'system' }, { assignee: rep });
      else push('sal', 'claimed', user(rep));
      doc.owner = { userId: rep, claimedAt: at };
      let owner = rep;
      if (rnd() < 0.15) {
        // Released, then taken by someone else.
        later(60);
        push('mql', 'released', user(rep));
        doc.owner = null;
        owner = pick(REPS.filter((r) => r !== rep && !rejecters.includes(r)));
        later(200);
        push('sal', 'claimed', user(owner));
        doc.owner = { userId: owner, claimedAt: at };
      }
      const v = rnd();
      if (v < 0.1) break; // no verdict yet
      later(120);
      if (v < 0.3) {
        const reason = pick(REASONS);
        push('rejected', 'reject', user(owner), { reason });
        doc.verdict = { kind: 'rejected', at, by: owner, reason };
        rejecters = [...rejecters, owner];
        doc.rejectedBy = rejecters;
        if (rnd() < 0.35) {
          later(2000);
          push('mql', 'requalified', user('U0MKTG0001'));
          doc.owner = null;
          doc.verdict = null;
          continue;
        }
        break;
      }
      const auto = v < 0.4;
      push('sal', auto ? 'auto_accepted' : 'accept', auto ? { kind: 'system' } : user(owner));
      doc.verdict = { kind: auto ? 'auto_accepted' : 'accepted', at, by: auto ? 'leadloop' : owner };
      if (rnd() < 0.2) {
        later(300);
        push('sal', 'first_touch_reminder', { kind: 'system' });
      }
      const path = rnd();
      const won = () => {
        const currency = pick(CURRENCIES);
        const amount = 500 + Math.floor(rnd() * 900) * 50;
        later(5000);
        push('won', 'won', rnd() < 0.5 ? { kind: 'api' } : user(owner), { amount, currency });
        doc.outcome = { kind: 'won', amount, currency };
        if (!doc.firstTouchAt) doc.firstTouchAt = at;
      };
      if (path < 0.15) won(); // CRM: accept → won, nothing in between
      else if (path < 0.25) {
        later(3000);
        push('opportunity', 'opportunity', { kind: 'api' }); // CRM: straight to opportunity
        doc.firstTouchAt = at;
        if (rnd() < 0.5) won();
      } else if (path < 0.32) {
        later(3000);
        push('lost', 'lost', user(owner), { reason: 'timing' });
        doc.outcome = { kind: 'lost', reason: 'timing' };
        doc.firstTouchAt = at;
      } else if (path < 0.85) {
        later(2000);
        push('sal', 'contacted', user(owner));
        doc.firstTouchAt = at;
        const further = rnd();
        if (further > 0.35) {
          later(3000);
          if (rnd() < 0.7) {
            // Sales' findings, recorded with the meeting.
            push('sal', 'findings', user(owner), { findings: { need: 'clear' } });
            doc.findings = { definitionVersion: 1, by: owner, at, answers: [{ key: 'need', label: 'Need / product fit', found: 'clear', foundLabel: 'Clear need we solve', intake: null, intakeLabel: null }], score: 40 + Math.floor(rnd() * 40), threshold: 50, qualified: rnd() < 0.6 };
          }
          push('sql', 'meeting', user(owner));
          if (further > 0.6) {
            later(3000);
            push('opportunity', 'opportunity', user(owner));
            if (further > 0.75) won();
            else if (further > 0.7) {
              later(3000);
              push('lost', 'lost', user(owner), { reason: 'price' });
              doc.outcome = { kind: 'lost', reason: 'price' };
            }
          }
        }
      }
      break;
    }
    if (rnd() < 0.05) {
      later(5000);
      push(stage, 'erased', user('U0ADMIN001'));
      delete doc.contact;
      doc.erasedAt = at;
    }
    doc.stage = stage;
    doc.history = history;
    docs.push(doc);
  }
  return docs;
}
