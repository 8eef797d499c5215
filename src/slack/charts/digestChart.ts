import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { Figures } from '../../reports/figures.js';
import type { TrendWeek } from '../../usecases/weeklyDigest.js';

/**
 * The digest's picture: the week's waterfall next to the last weeks' trend.
 * Drawn as SVG (pure, testable), rendered to PNG by resvg with a bundled
 * font, so it looks the same on every machine and needs no browser, canvas
 * or chart service.
 */


const WIDTH = 960;
const HEIGHT = 420;
const INK = '#1d1c1d';
const MUTED = '#616061';
const COLORS = { mql: '#36c5f0', sal: '#2eb67d', sql: '#ecb22e', opportunity: '#e01e5a', won: '#4a154b' };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, content: string, options: { size?: number; anchor?: 'start' | 'middle' | 'end'; color?: string; bold?: boolean } = {}): string {
  return `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${options.size ?? 14}" text-anchor="${options.anchor ?? 'start'}" fill="${options.color ?? INK}"${options.bold ? ' font-weight="bold"' : ''}>${escapeXml(content)}</text>`;
}

/** The SVG: bars are drawn to scale, every bar is labelled with its number. */
export function digestChartSvg(title: string, figures: Figures, trend: TrendWeek[]): string {
  const parts: string[] = [`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`, text(24, 36, title, { size: 20, bold: true })];

  // Left: the waterfall of the week's leads.
  const steps: Array<[string, number, string]> = [
    ['MQL', figures.funnel.mql, COLORS.mql],
    ['SAL', figures.funnel.sal, COLORS.sal],
    ['SQL', figures.funnel.sql, COLORS.sql],
    ['Opportunity', figures.funnel.opportunity, COLORS.opportunity],
    ['Won', figures.funnel.won, COLORS.won],
  ];
  const widest = Math.max(1, ...steps.map(([, n]) => n));
  parts.push(text(24, 76, 'Waterfall of the week’s leads', { size: 15, bold: true, color: MUTED }));
  steps.forEach(([name, n, color], i) => {
    const y = 100 + i * 56;
    const width = Math.round((n / widest) * 260);
    // Each step's conversion from the step before (SAL/MQL, SQL/SAL, …), as in the digest's text.
    const conversion = [null, figures.conversion.salOfMql, figures.conversion.sqlOfSal, figures.conversion.opportunityOfSql, figures.conversion.wonOfOpportunity][i];
    const share = conversion !== null && conversion !== undefined ? ` (${Math.round(conversion * 100)}% of ${steps[i - 1]![0]})` : '';
    parts.push(text(24, y + 24, name, { size: 14 }));
    parts.push(`<rect x="124" y="${y + 6}" width="${Math.max(width, n > 0 ? 2 : 0)}" height="28" rx="3" fill="${color}"/>`);
    parts.push(text(124 + width + 8, y + 26, `${n}${share}`, { size: 14 }));
  });

  // Right: leads in and accepted, week by week.
  const left = 500;
  const chartWidth = WIDTH - left - 24;
  const base = HEIGHT - 60;
  const tallest = Math.max(1, ...trend.map((w) => w.leadsIn));
  parts.push(text(left, 76, `Leads in and accepted, last ${trend.length} weeks`, { size: 15, bold: true, color: MUTED }));
  const slot = trend.length ? chartWidth / trend.length : chartWidth;
  trend.forEach((week, i) => {
    const x = left + i * slot;
    const barWidth = Math.max(6, slot * 0.6);
    const inHeight = Math.round((week.leadsIn / tallest) * 230);
    const acceptedHeight = Math.round((week.accepted / tallest) * 230);
    parts.push(`<rect x="${x + (slot - barWidth) / 2}" y="${base - inHeight}" width="${barWidth}" height="${inHeight}" fill="${COLORS.mql}"/>`);
    parts.push(`<rect x="${x + (slot - barWidth) / 2}" y="${base - acceptedHeight}" width="${barWidth}" height="${acceptedHeight}" fill="${COLORS.sal}"/>`);
    parts.push(text(x + slot / 2, base - inHeight - 6, String(week.leadsIn), { size: 12, anchor: 'middle' }));
    parts.push(text(x + slot / 2, base + 18, week.label, { size: 11, anchor: 'middle', color: MUTED }));
  });
  parts.push(`<line x1="${left}" y1="${base}" x2="${WIDTH - 24}" y2="${base}" stroke="${MUTED}" stroke-width="1"/>`);
  parts.push(`<rect x="${left}" y="${HEIGHT - 28}" width="12" height="12" fill="${COLORS.mql}"/>`, text(left + 18, HEIGHT - 17, 'leads in', { size: 12 }));
  parts.push(`<rect x="${left + 100}" y="${HEIGHT - 28}" width="12" height="12" fill="${COLORS.sal}"/>`, text(left + 118, HEIGHT - 17, 'accepted (SAL)', { size: 12 }));

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">${parts.join('')}</svg>`;
}

/** The bundled DejaVu Sans, found through its npm package wherever node_modules is. */
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [join(fontDir, 'DejaVuSans.ttf'), join(fontDir, 'DejaVuSans-Bold.ttf')], defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
