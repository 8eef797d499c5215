import type { z } from 'zod';

/** One problem with one field of a request, as API clients and modals show it. */
export type FieldError = { field: string; message: string };

/** Every zod issue as a field error; each unknown key is named on its own. */
export function fieldErrorsOf(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'is not a known field' }));
    }
    return [{ field: issue.path.join('.') || '(body)', message: issue.message }];
  });
}
