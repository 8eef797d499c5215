import type { PlainTextElement, MrkdwnElement } from '@slack/types';

/** Block Kit limits we build against (../shared/slack/LIMITS.md §6). */
export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  blocksPerMessage: 50,
  /** Fallback text: Slack truncates at 40,000; notifications show far less. */
  fallbackText: 3000,
} as const;

/**
 * Escapes the three characters Slack treats as control characters in text,
 * so lead data can never become a mention (<!channel>) or a link.
 */
function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts text to `max` UTF-16 code units, the unit in which Slack measures its
 * text limits (an emoji is two or more), marking the cut with "…". It cuts
 * only between whole characters as a person sees them (grapheme clusters), so
 * no surrogate pair, emoji sequence or accent is ever split.
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let kept = '';
  for (const { segment } of graphemes.segment(value)) {
    if (kept.length + segment.length + 1 > max) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** Collapses newlines and runs of spaces for one-line places (headers, buttons, fallback). */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * Escapes, then truncates so the escaped text fits; escaping can lengthen text
 * (& → &amp;), so truncating first could overflow the limit.
 */
export function mrkdwnSafe(value: string, max: number): string {
  let escaped = escapeText(value);
  if (escaped.length <= max) return escaped;
  escaped = truncate(escaped, max);
  // Do not leave half an entity (&am…) at the cut.
  return escaped.replace(/&[a-z]{0,4}…$/, '…');
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(oneLine(text), max) || ' ', emoji: true };
}

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** Slack renders this in each reader's own time zone and locale. */
export function slackDate(at: Date, format = '{date_short_pretty} at {time}'): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `<!date^${seconds}^${format}|${at.toISOString()}>`;
}

/**
 * A file name or title built from lead data, safe where it ends up in a
 * header (Slack serves files with it in Content-Disposition): no control
 * characters and no bidirectional overrides that could disguise
 * "invoice\u202Efdp.exe" as "invoice.exe.pdf", cut to `max` units.
 */
export function fileNameSafe(value: string, max = 200): string {
  return truncate(oneLine(value.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')), max) || 'file';
}

/** Keeps whole lines within `max` characters, so a cut never leaves half a figure or half an escape. */
export function cutAtLine(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept: string[] = [];
  let length = 0;
  for (const line of text.split('\n')) {
    const size = line.length + 1;
    if (length + size > max - 2) break;
    kept.push(line);
    length += size;
  }
  return `${kept.join('\n')}\n…`;
}
