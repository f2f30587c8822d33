import type { z } from 'zod';
import { AppError } from '../services/errors.ts';

/**
 * Checks a request body (or query) against its schema; the one place where untyped input becomes
 * typed. Unknown fields are refused by the schemas themselves (`z.strictObject`).
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.infer<S> {
  if (input === undefined && what === 'body') {
    throw new AppError(
      'VALIDATION_FAILED',
      'a JSON object body is required (Content-Type: application/json)',
      [{ path: '', message: 'required' }],
    );
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message:
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  throw new AppError('VALIDATION_FAILED', `invalid ${what}: ${summary}`, details);
}
