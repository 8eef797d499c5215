import { describe, expect, it } from 'vitest';
import { loadDefinitionFile } from '../../src/definition/definitionFile.js';
import { judgeLead, normalizeAnswers } from '../../src/definition/judge.js';
import { parseDefinition, type LeadDefinition } from '../../src/definition/definition.js';
import { describeChanges } from '../../src/definition/describeChanges.js';

const shipped = await loadDefinitionFile('config/lead-definition.yml');

/** Parses a definition the test relies on being valid. */
function valid(raw: unknown): LeadDefinition {
  const parsed = parseDefinition(raw);
  if (!parsed.ok) throw new Error(`test definition is invalid: ${parsed.problems.join('; ')}`);
  return parsed.definition;
}

/** A small definition whose numbers are easy to follow. */
const definition = valid({
  threshold: 40,
  questions: [
    { key: 'need', label: 'Need', required: true, answers: [{ value: 'clear', label: 'Clear', points: 30 }, { value: 'none', label: 'None', points: 0 }] },
    { key: 'budget', label: 'Budget', answers: [{ value: 'approved', label: 'Approved', points: 10 }, { value: 'none', label: 'No budget', points: -5 }] },
  ],
  company: { size: [{ value: '51-200', points: 10 }], industry: [], country: [{ value: 'DE', points: 5 }] },
  rejectionReasons: [{ key: 'spam', label: 'Spam' }],
  lostReasons: [{ key: 'price', label: 'Price' }],
  serviceLevels: { claimWithinMinutes: 30, firstTouchWithinHours: 4 },
});

const lead = (qualification: Record<string, string>, company: Record<string, string> = { name: 'Acme' }) => ({
  contact: { email: 'a@acme.example' },
  company,
  qualification,
});

describe('judgeLead', () => {
  it('qualifies a lead exactly at the threshold', () => {
    const judgement = judgeLead(lead({ need: 'clear', budget: 'approved' }), definition, 3);
    expect(judgement).toMatchObject({ definitionVersion: 3, score: 40, threshold: 40, qualified: true, unmet: [] });
    expect(judgement.breakdown).toEqual([
      { criterion: 'need', label: 'Need', answer: 'clear', answerLabel: 'Clear', points: 30 },
      { criterion: 'budget', label: 'Budget', answer: 'approved', answerLabel: 'Approved', points: 10 },
    ]);
  });

  it('sends a lead one point under the threshold to nurture, saying by how much', () => {
    const judgement = judgeLead(lead({ need: 'clear' }, { name: 'Acme', country: 'de' }), definition, 1);
    expect(judgement.score).toBe(35);
    expect(judgement.qualified).toBe(false);
    expect(judgement.unmet).toEqual(['score 35 is under the threshold of 40']);
  });

  it('adds company points case-insensitively and counts negative answers', () => {
    const judgement = judgeLead(lead({ need: 'clear', budget: 'none' }, { name: 'Acme', size: '51-200', country: 'DE' }), definition, 1);
    expect(judgement.score).toBe(30 - 5 + 10 + 5);
    expect(judgement.qualified).toBe(true);
  });

  it('never qualifies a lead with a required question unanswered, whatever its score', () => {
    const judgement = judgeLead(lead({ budget: 'approved' }), valid({ ...definition, threshold: 0 }), 1);
    expect(judgement.qualified).toBe(false);
    expect(judgement.unmet).toEqual(['Need is not answered']);
  });

  it('lists every unmet criterion, including missing contact email and company', () => {
    const judgement = judgeLead({ contact: {}, company: {}, qualification: {} }, definition, 1);
    expect(judgement.unmet).toEqual(['contact email is missing', 'company name is missing', 'Need is not answered', 'score 0 is under the threshold of 40']);
  });
});

describe('normalizeAnswers', () => {
  it('accepts a value or a label in any case and stores the value', () => {
    expect(normalizeAnswers({ need: 'CLEAR', budget: 'no budget' }, definition)).toEqual({ ok: true, answers: { need: 'clear', budget: 'none' } });
  });

  it('names unknown questions and unknown answers with what is allowed', () => {
    expect(normalizeAnswers({ need: 'maybe', color: 'blue' }, definition)).toEqual({
      ok: false,
      problems: [
        { field: 'qualification.need', message: 'must be one of: clear, none' },
        { field: 'qualification.color', message: 'is not a question in the lead definition (known: need, budget)' },
      ],
    });
  });
});

describe('the shipped definition (config/lead-definition.yml)', () => {
  it('holds BANT questions, the rejection and lost reasons, and service levels', () => {
    expect(shipped.questions.map((q) => q.key)).toEqual(['need', 'budget', 'authority', 'timeline']);
    expect(shipped.rejectionReasons.map((r) => r.key)).toContain('no_budget');
    expect(shipped.lostReasons.length).toBeGreaterThan(0);
    expect(shipped.serviceLevels).toMatchObject({ claimWithinMinutes: 30, firstTouchWithinHours: 4, businessHoursOnly: true });
    expect(shipped.verdictWindowHours).toBe(24);
  });

  it('qualifies a typical good lead and nurtures a weak one', () => {
    const good = { contact: { email: 'x@y.co' }, company: { name: 'Y', size: '201-500' }, qualification: { need: 'clear', budget: 'planned', timeline: 'next_quarter' } };
    expect(judgeLead(good, shipped, 1).qualified).toBe(true);
    const weak = { ...good, qualification: { need: 'some' }, company: { name: 'Y' } };
    expect(judgeLead(weak, shipped, 1).qualified).toBe(false);
  });
});

describe('parseDefinition', () => {
  it('refuses duplicate keys and bad values with the path of each problem', () => {
    const result = parseDefinition({ ...shipped, threshold: -1, rejectionReasons: [{ key: 'spam', label: 'Spam' }, { key: 'spam', label: 'Again' }] });
    expect(result).toEqual({ ok: false, problems: expect.arrayContaining(['threshold Too small: expected number to be >=0', 'rejectionReasons lists "spam" twice']) });
  });
});

describe('describeChanges', () => {
  it('says what changed, one line per setting', () => {
    const after = { ...shipped, threshold: 60, verdictWindowHours: 12 };
    expect(describeChanges(shipped, after)).toEqual(['threshold: 50 → 60', 'verdictWindowHours: 24 → 12']);
  });
});
