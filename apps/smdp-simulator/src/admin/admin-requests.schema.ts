import { z } from 'zod';
import { ApiError } from '@mp/platform';

export const poolResetSchema = z.object({
  profileTypes: z
    .array(z.string().regex(/^[^\s$]{1,64}$/))
    .min(1)
    .optional(),
  sizePerType: z.number().int().min(0).max(10_000).optional(),
  sizes: z.record(z.string(), z.number().int().min(0).max(10_000)).optional(),
  iccidDigits: z.number().int().min(18).max(20).optional(),
});

export const deviceDownloadSchema = z
  .object({
    matchingId: z.string().min(1).optional(),
    iccid: z
      .string()
      .regex(/^89\d{17,18}$/)
      .optional(),
    eid: z
      .string()
      .regex(/^\d{32}$/)
      .optional(),
    outcome: z
      .enum(['installed', 'downloaded', 'downloadFailed', 'installFailed'])
      .default('installed'),
  })
  .refine((value) => value.matchingId !== undefined || value.iccid !== undefined, {
    message: 'give matchingId or iccid',
    path: ['matchingId'],
  });

/** Admin bodies are validated here; a bad one is a 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ApiError(
    400,
    'INVALID_REQUEST',
    issue?.message ?? 'invalid request',
    issue?.path.map(String).join('.') || undefined,
  );
}
