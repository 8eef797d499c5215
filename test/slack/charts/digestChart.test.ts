import { describe, expect, it } from 'vitest';
import { EMPTY_TALLY, figuresOf } from '../../../src/reports/figures.js';
import { digestChartSvg, renderPng } from '../../../src/slack/charts/digestChart.js';

const figures = figuresOf({ ...EMPTY_TALLY, leadsIn: 40, mql: 30, accepted: 15, sql: 6, opportunity: 3, won: 0 });
const trend = [
  { label: '11-02', leadsIn: 10, accepted: 5, won: 1 },
  { label: '11-09', leadsIn: 40, accepted: 15, won: 0 },
];

describe('the digest chart', () => {
  it('draws the waterfall to scale, labels every bar, and shows each step’s conversion from the one before', () => {
    const svg = digestChartSvg('Leads · week of 2026-11-09', figures, trend);
    const widths = [...svg.matchAll(/<rect x="124" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([260, 130, 52, 26, 0]); // 30, 15, 6, 3, 0 of 30 on 260 px
    expect(svg).toContain('>15 (50% of MQL)<');
    expect(svg).toContain('>6 (40% of SAL)<');
    expect(svg).toContain('>3 (50% of SQL)<');
    expect(svg).toContain('>0 (0% of Opportunity)<');
    expect(svg).toContain('>11-09<');
  });

  it('escapes what it is given, so a campaign-like title cannot break the picture', () => {
    expect(digestChartSvg('Leads · <script> & "x"', figures, trend)).toContain('Leads · &lt;script&gt; &amp; &quot;x&quot;');
  });

  it('renders a PNG with the bundled font', () => {
    const png = renderPng(digestChartSvg('Leads', figures, trend));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5_000);
  });
});
