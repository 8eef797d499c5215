import { z } from 'zod';

/** The agreement between sales and marketing on what a lead is (see config/lead-definition.yml). */
const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower_snake_case, at most 40 characters');
const label = z.string().trim().min(1).max(75);
const points = z.number().int().min(-100).max(100);
const reason = z.strictObject({ key, label });
const attributePoints = z.array(z.strictObject({ value: z.string().trim().min(1).max(100), points })).max(100);

export const definitionSchema = z
  .strictObject({
    threshold: z.number().int().min(0).max(1000),
    questions: z
      .array(
        z.strictObject({
          key,
          label,
          required: z.boolean().default(false),
          answers: z.array(z.strictObject({ value: key, label, points })).min(2).max(25),
        }),
      )
      .min(1)
      .max(20),
    company: z
      .strictObject({ size: attributePoints.default([]), industry: attributePoints.default([]), country: attributePoints.default([]) })
      .default({ size: [], industry: [], country: [] }),
    rejectionReasons: z.array(reason).min(1).max(25),
    lostReasons: z.array(reason).min(1).max(25),
    serviceLevels: z.strictObject({
      claimWithinMinutes: z.number().int().min(1).max(7 * 24 * 60),
      firstTouchWithinHours: z.number().min(0.25).max(7 * 24),
      businessHoursOnly: z.boolean().default(false),
      businessHours: z
        .strictObject({
          days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).min(1),
          start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
          end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
        })
        .default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }),
    }),
    verdictWindowHours: z.number().min(1).max(24 * 14).default(24),
    changeApproval: z.boolean().default(true),
  })
  .superRefine((d, ctx) => {
    const unique = (values: string[], path: string) => {
      const seen = new Set<string>();
      for (const v of values) {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [path], message: `lists "${v}" twice` });
        seen.add(v);
      }
    };
    unique(d.questions.map((q) => q.key), 'questions');
    for (const q of d.questions) unique(q.answers.map((a) => a.value), `questions.${q.key}.answers`);
    unique(d.rejectionReasons.map((r) => r.key), 'rejectionReasons');
    unique(d.lostReasons.map((r) => r.key), 'lostReasons');
    const hours = d.serviceLevels.businessHours;
    if (hours.end <= hours.start) ctx.addIssue({ code: 'custom', path: ['serviceLevels', 'businessHours', 'end'], message: `must be later than start (${hours.start})` });
  });

export type LeadDefinition = z.infer<typeof definitionSchema>;

/** Parses a definition, or explains in one line per problem what is wrong with it. */
export function parseDefinition(raw: unknown): { ok: true; definition: LeadDefinition } | { ok: false; problems: string[] } {
  const result = definitionSchema.safeParse(raw);
  if (result.success) return { ok: true, definition: result.data };
  return { ok: false, problems: result.error.issues.map((i) => `${i.path.join('.') || '(definition)'} ${i.message}`) };
}
