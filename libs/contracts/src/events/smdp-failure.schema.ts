import { z } from 'zod';

export const es2FunctionSchema = z.enum([
  'downloadOrder',
  'confirmOrder',
  'releaseProfile',
  'cancelOrder',
]);
export type Es2Function = z.output<typeof es2FunctionSchema>;

/** An ES2+ call that did not succeed: `failed` = a Failed/Expired status; `unavailable` = retry budget spent. */
export const smdpFailureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('failed'),
    subjectCode: z.string().min(1),
    reasonCode: z.string().min(1),
    message: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('unavailable'),
    attempts: z.number().int().min(0),
    lastError: z.string().nullable(),
  }),
]);
export type SmdpFailure = z.output<typeof smdpFailureSchema>;

/** Inventory exhausted for the profile type (SGP.22 subject 8.2.5, reason 3.7). */
export function isInventoryExhausted(failure: SmdpFailure): boolean {
  return (
    failure.kind === 'failed' && failure.subjectCode === '8.2.5' && failure.reasonCode === '3.7'
  );
}
