/**
 * Matching what people type against names as they are written: "lopez"
 * finds "López", "muller" finds "Müller". Pure: builds a regular expression
 * source where each letter also matches its accented forms (and the query's
 * own accents are taken back to their letter first).
 */

/** Each base letter, with the accented Latin letters that decompose to it (U+00C0–U+024F). */
const VARIANTS: Map<string, string> = (() => {
  const byBase = new Map<string, Set<string>>();
  for (let code = 0x00c0; code <= 0x024f; code++) {
    const char = String.fromCodePoint(code);
    const base = char.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    if (!/^[a-z]$/.test(base)) continue;
    const set = byBase.get(base) ?? new Set([base, base.toUpperCase()]);
    set.add(char);
    set.add(char.toLowerCase());
    set.add(char.toUpperCase());
    byBase.set(base, set);
  }
  // Letters without a decomposition that people write without their mark.
  for (const [base, extra] of [['o', 'øØ'], ['d', 'đĐð'], ['l', 'łŁ'], ['h', 'ħĦ']] as const) {
    const set = byBase.get(base) ?? new Set([base, base.toUpperCase()]);
    for (const char of extra) set.add(char);
    byBase.set(base, set);
  }
  return new Map([...byBase].map(([base, set]) => [base, [...set].join('')]));
})();

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression source matching `text` whatever its accents and (with the `i` flag) case. */
export function accentInsensitivePattern(text: string): string {
  let source = '';
  for (const char of text) {
    const base = char.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    const variants = base.length === 1 ? VARIANTS.get(base) : undefined;
    source += variants ? `[${variants}]` : escapeRegex(char);
  }
  return source;
}
