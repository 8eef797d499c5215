import { z } from 'zod';
import { fieldErrorsOf, type FieldError } from './fieldErrors.js';
import { ORIGINS, type LeadEntry, type LeadFields } from './lead.js';

/**
 * The intake contract shared by the API, the /leads new modal and CSV import.
 * Unknown fields are refused rather than silently dropped, so a typo in a form
 * integration shows up at once instead of as missing data weeks later.
 */
const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === '' ? undefined : v))
    .optional();

export const leadInputSchema = z.strictObject({
  contact: z.strictObject({
    name: text(200),
    email: z
      .string({ error: 'must be text' })
      .trim()
      .max(254, 'must be at most 254 characters')
      .pipe(z.email({ error: 'is not a valid email address' }))
      .optional(),
    phone: z
      .string({ error: 'must be text' })
      .trim()
      .max(40, 'must be at most 40 characters')
      .regex(/^[+()\d\s./-]*(?:(?:ext\.?|x)\s*\d+)?$/i, 'may contain only digits, spaces and + ( ) - . /')
      .optional(),
    title: text(200),
  }, { error: 'must be an object' }),
  company: z
    .strictObject({
      name: text(200),
      domain: text(253),
      size: text(50),
      industry: text(100),
      country: text(100),
    }, { error: 'must be an object' })
    .default({}),
  source: text(100),
  campaign: text(200),
  // Keys and answers are checked against the lead definition (normalizeAnswers).
  qualification: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'is not a question key'),
      z.string({ error: 'must be text' }).trim().max(100, 'must be at most 100 characters'),
      { error: 'must be an object' },
    )
    .default({}),
  note: text(5000),
  externalId: text(200),
  // Who found the lead; a rep's own prospect names the rep who owns it.
  origin: z.enum(ORIGINS, { error: `must be one of: ${ORIGINS.join(', ')}` }).optional(),
  owner: z
    .string({ error: 'must be text' })
    .trim()
    .regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack user id (U…)')
    .optional(),
}, { error: 'must be a JSON object' }).superRefine((lead, context) => {
  if (lead.origin === 'sales' && !lead.owner) {
    context.addIssue({ code: 'custom', path: ['owner'], message: 'is required when origin is sales: the Slack user id of the rep who prospected the lead' });
  }
  if (lead.owner && lead.origin !== 'sales') {
    context.addIssue({ code: 'custom', path: ['owner'], message: 'is only for a lead with origin sales (a rep’s own prospect); marketing’s leads are claimed in Slack' });
  }
  // A lead nobody can be reached or matched by is no lead: refuse it rather than store an empty one.
  const { name, email, phone } = lead.contact;
  if (!name && !email && !phone && !lead.externalId) {
    context.addIssue({ code: 'custom', path: ['contact'], message: 'needs at least a name, an email or a phone (or give the lead an externalId)' });
  }
});

/** Names that reach an object's prototype in JavaScript: refused wherever they appear, never dropped silently. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first key named like a prototype property, anywhere in the input. */
function forbiddenKeyPath(value: unknown, path: string[] = []): string | null {
  if (value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return [...path, key].join('.');
    const inner = forbiddenKeyPath((value as Record<string, unknown>)[key], [...path, key]);
    if (inner) return inner;
  }
  return null;
}

export type ParsedLeadInput = { ok: true; lead: LeadFields; entry: LeadEntry } | { ok: false; errors: FieldError[] };

/** Validates raw input; on failure lists every problem with the field it belongs to. */
export function parseLeadInput(raw: unknown): ParsedLeadInput {
  const forbidden = forbiddenKeyPath(raw);
  if (forbidden) return { ok: false, errors: [{ field: forbidden, message: 'is not an allowed field name' }] };
  const result = leadInputSchema.safeParse(raw);
  if (!result.success) {
    return { ok: false, errors: fieldErrorsOf(result.error.issues) };
  }
  const input = result.data;
  return {
    ok: true,
    lead: {
      contact: dropUndefined({ ...input.contact, email: input.contact.email || undefined, phone: input.contact.phone || undefined }),
      company: dropUndefined(input.company),
      qualification: Object.fromEntries(Object.entries(input.qualification).filter(([, v]) => v !== '')),
      ...dropUndefined({ source: input.source, campaign: input.campaign, note: input.note, externalId: input.externalId }),
    },
    entry: input.origin === 'sales' && input.owner ? { origin: 'sales', owner: input.owner } : { origin: 'marketing' },
  };
}

/** The same person written differently is still the same person. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
