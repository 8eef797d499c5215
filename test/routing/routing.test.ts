import { describe, expect, it } from 'vitest';
import { parseRouting, queueFor, type Routing } from '../../src/routing/routing.js';

const SIZES = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1000+'];
const parse = (raw: unknown) => parseRouting(raw, { sizeBands: SIZES });
const routing = (raw: unknown): Routing => {
  const parsed = parse(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.routing;
};
const lead = (company: Record<string, string>, extra: Record<string, unknown> = {}) => ({ company, ...extra }) as never;

// The example file of the README (the issue's, with a narrower queue first).
const EXAMPLE = {
  queues: [
    { name: 'DACH inbound', channel: 'C0DACH0001', reps: ['U0DIRK001'], when: { country: ['de', 'AT', 'CH'], source: ['webinar'] } },
    { name: 'EMEA', channel: 'C0EMEA0001', reps: ['U0ANNA001', 'S0EMEASAL'], when: { region: ['EMEA'] }, weights: { U0ANNA001: 0.5 }, dailyCap: 20 },
    { name: 'Enterprise', channel: 'C0ENT00001', reps: ['U0ERIK001'], when: { size: ['1000+'] } },
  ],
};

describe('routing a lead to a queue', () => {
  it('takes the first queue whose condition the lead meets, in order; the rest go to the default queue', () => {
    const r = routing(EXAMPLE);
    expect(queueFor(lead({ country: 'DE' }, { source: 'Webinar' }), r)?.name).toBe('DACH inbound');
    expect(queueFor(lead({ country: 'DE', size: '1000+' }), r)?.name).toBe('EMEA');
    expect(queueFor(lead({ country: 'US', size: '1000+' }), r)?.name).toBe('Enterprise');
    expect(queueFor(lead({ country: 'Germany', size: '51-200' }, { source: 'ads' }), r)?.name).toBe('EMEA');
    expect(queueFor(lead({ country: 'AE' }), r)?.name).toBe('EMEA'); // the Middle East is in EMEA
    expect(queueFor(lead({ country: 'ZA' }), r)?.name).toBe('EMEA');
    expect(queueFor(lead({ country: 'US', size: '51-200' }), r)).toBeNull();
    expect(queueFor(lead({}), r)).toBeNull();
  });

  it('knows the named regions: NA without Mexico, LATAM with it, APAC without the Middle East', () => {
    const r = routing({
      queues: [
        { name: 'NA', channel: 'C0NA000001', reps: ['U0NA00001'], when: { region: ['NA'] } },
        { name: 'LATAM', channel: 'C0LATAM001', reps: ['U0LA00001'], when: { region: ['latam'] } },
        { name: 'APAC', channel: 'C0APAC0001', reps: ['U0AP00001'], when: { region: ['APAC'] } },
      ],
    });
    expect(['US', 'CA', 'MX', 'BR', 'JP', 'AU', 'SA', 'IN'].map((c) => queueFor(lead({ country: c }), r)?.name ?? 'default')).toEqual(['NA', 'NA', 'LATAM', 'LATAM', 'APAC', 'APAC', 'default', 'APAC']);
  });

  it('matches size, industry, source, campaign (any letter case) and a score range together', () => {
    const r = routing({ queues: [{ name: 'Hot logistics', channel: 'C0HOT00001', reps: ['U0HOT0001'], when: { industry: ['Logistics'], campaign: ['Q4-ops'], score: { min: 60, max: 90 } } }] });
    const judged = (score: number) => ({ score }) as never;
    expect(queueFor(lead({ industry: 'logistics' }, { campaign: 'q4-OPS', judgement: judged(70) }), r)?.name).toBe('Hot logistics');
    expect(queueFor(lead({ industry: 'logistics' }, { campaign: 'q4-ops', judgement: judged(55) }), r)).toBeNull();
    expect(queueFor(lead({ industry: 'logistics' }, { campaign: 'q4-ops', judgement: judged(95) }), r)).toBeNull();
    expect(queueFor(lead({ industry: 'Retail' }, { campaign: 'q4-ops', judgement: judged(70) }), r)).toBeNull();
  });

  it('refuses unknown fields, malformed ids, unknown regions, countries and size bands, each by its path', () => {
    const result = parse({
      queues: [
        { name: 'EMEA', channel: '#emea', reps: ['anna'], when: { region: ['EUROPA'], country: ['XX'], size: ['huge'], colour: 'red' }, owner: 'x' },
      ],
      extra: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: 'is not a known field' },
        { field: 'queues[0].owner', message: 'is not a known field' },
        { field: 'queues[0].when.colour', message: 'is not a known field' },
        { field: 'queues[0].channel', message: 'must be a Slack channel ID such as C0123456789 (not a #name)' },
        { field: 'queues[0].reps[0]', message: 'must be a Slack user ID (U…) or user group ID (S…)' },
      ]),
    );
    const second = parse({ queues: [{ name: 'EMEA', channel: 'C0EMEA0001', reps: ['U0ANNA001'], when: { region: ['EUROPA'], country: ['XX'], size: ['huge'] }, weights: { U0OTHER01: 2 } }] });
    expect(second.ok ? [] : second.problems).toEqual([
      { field: 'queues[0].when.country', message: 'XX is not an ISO 3166 country code such as DE' },
      { field: 'queues[0].when.region', message: 'EUROPA is not a region; use EMEA, NA, LATAM, APAC, EUROPE, AFRICA, MIDDLE_EAST' },
      { field: 'queues[0].when.size', message: 'huge is not a size band of the lead definition (1-10, 11-50, 51-200, 201-500, 501-1000, 1000+)' },
      { field: 'queues[0].weights.U0OTHER01', message: "U0OTHER01 is not one of the queue's reps" },
    ]);
  });

  it('refuses a queue that can never get a lead because an earlier one takes all of its leads first', () => {
    const result = parse({
      queues: [
        { name: 'EMEA', channel: 'C0EMEA0001', reps: ['U0ANNA001'], when: { region: ['EMEA'] } },
        { name: 'DACH', channel: 'C0DACH0001', reps: ['U0DIRK001'], when: { country: ['DE', 'AT'] } },
        { name: 'Everything', channel: 'C0ALL00001', reps: ['U0ALL0001'] },
        { name: 'US big', channel: 'C0USB00001', reps: ['U0USB0001'], when: { country: ['US'], size: ['1000+'] } },
      ],
    });
    expect(result.ok ? [] : result.problems).toEqual([
      { field: 'queues[1].when', message: 'is unreachable: every lead it matches goes to EMEA first; narrow EMEA or move DACH above it' },
      { field: 'queues[3].when', message: 'is unreachable: every lead it matches goes to Everything first; narrow Everything or move US big above it' },
    ]);
    // The same queues, the narrow one first, are fine.
    expect(parse({ queues: [{ name: 'DACH', channel: 'C0DACH0001', reps: ['U0DIRK001'], when: { country: ['DE', 'AT'] } }, { name: 'EMEA', channel: 'C0EMEA0001', reps: ['U0ANNA001'], when: { region: ['EMEA'] } }] }).ok).toBe(true);
  });

  it('refuses two queues with one name, and the name of the default queue', () => {
    const result = parse({ queues: [{ name: 'Default', channel: 'C0A0000001', reps: ['U0A000001'], when: { source: ['a'] } }, { name: 'x', channel: 'C0B0000001', reps: ['U0B000001'], when: { source: ['b'] } }, { name: 'X', channel: 'C0C0000001', reps: ['U0C000001'], when: { source: ['c'] } }] });
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(['queues[0].name', 'queues[2].name']);
  });
});

describe('the example file', () => {
  it('config/routing.example.yml is valid routing under the default definition', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse: parseYaml } = await import('yaml');
    const definition = parseYaml(readFileSync('config/lead-definition.yml', 'utf8')) as { company: { size: Array<{ value: string }> } };
    const result = parseRouting(parseYaml(readFileSync('config/routing.example.yml', 'utf8')), { sizeBands: definition.company.size.map((s) => s.value) });
    expect(result.ok && result.routing.queues.map((q) => q.name)).toEqual(['DACH', 'EMEA', 'Enterprise']);
  });
});
