import { ApiError } from '@mp/platform';
import type { z } from 'zod';

/** Validates a request part; the 400 names the first bad field (D12 error body). */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const parameter = unknownKey ?? (issue?.path.map(String).join('.') || what);
  const message = unknownKey !== undefined ? 'is not a known parameter' : issue?.message;
  throw new ApiError(400, 'INVALID_PARAMETER', `${parameter}: ${message ?? 'invalid'}`, parameter);
}
