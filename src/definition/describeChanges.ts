import type { LeadDefinition } from './definition.js';

/** "threshold: 50 → 60", one line per changed setting: what a reviewer needs to approve a change. */
export function describeChanges(before: LeadDefinition, after: LeadDefinition): string[] {
  const changes: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (isObject(a) && isObject(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    changes.push(`${path}: ${show(a)} → ${show(b)}`);
  };
  walk(before, after, '');
  return changes;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
