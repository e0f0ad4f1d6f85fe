import { z } from 'zod';

import { validateEid, validateIccid } from '@mp/sim';
import { TextLimits, maxMinutes, maxValidityDays } from './text-limits';

type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/** Applies one of @mp/sim's validators, so every edge validates identifiers by the same rules. */
const validatedBy =
  <T>(what: string, validate: (raw: string) => Validation<T>) =>
  (value: string, context: z.RefinementCtx): T => {
    const result = validate(value);
    if (result.ok) return result.value;
    context.addIssue({
      code: 'custom',
      message: `must be ${what}: ${result.reason}`,
      params: { code: result.code },
    });
    return z.NEVER;
  };

/** ICCID: 19–20 digits starting with 89 that pass the Luhn check; a trailing F (BCD filler) is dropped. */
export const iccidSchema = z
  .string()
  .max(TextLimits.iccid)
  .trim()
  // The pattern documents the shape in the generated JSON Schema; the transform applies the full rules.
  .regex(/^89\d{17,18}[Ff]?$/, 'must be an ICCID: 19–20 digits starting with 89')
  .transform(
    validatedBy('an ICCID', (raw) => {
      const result = validateIccid(raw);
      return result.ok ? { ok: true, value: result.iccid } : result;
    }),
  );

/** EID: 32 digits starting with 89 whose ISO 7064 MOD 97-10 check holds. */
export const eidSchema = z
  .string()
  .max(TextLimits.eid)
  .regex(/^89\d{30}$/, 'must be an EID: 32 digits starting with 89')
  .transform(
    validatedBy('an EID', (raw) => {
      const result = validateEid(raw);
      return result.ok ? { ok: true, value: result.eid } : result;
    }),
  );

/** The Mobile Plans launch transactionId, stored exactly as received (D25). */
export const transactionIdSchema = z.string().min(1).max(TextLimits.transactionId);

export const eventIdSchema = z.string().min(1).max(TextLimits.eventId);

/** RFC 3339 timestamp with an explicit offset. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** A timestamp from outside: the same, of bounded length (the pattern allows any number of fraction digits). */
export const inboundTimestampSchema = timestampSchema.max(TextLimits.timestamp);

export const isoDurationSchema = z.iso.duration();

/** A plan validity from outside: an ISO 8601 duration of bounded length, at most about a hundred years. */
export const inboundValiditySchema = isoDurationSchema
  .max(TextLimits.validity)
  .refine((text) => approximateDays(text) <= maxValidityDays, {
    message: `must be at most ${maxValidityDays} days`,
  });

export const countryCodeSchema = z
  .string()
  .max(2)
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
  .transform((value) => value.toUpperCase());

export const minutesSchema = z.number().int().min(0);

/** Minutes from outside: a delay the purchase schedules, so bounded (a year and a day). */
export const inboundMinutesSchema = minutesSchema.max(maxMinutes);

/** An upper bound of a duration's length in days (years as 366 days, months as 31). */
function approximateDays(duration: string): number {
  const part = (unit: string, within: string) =>
    Number(new RegExp(`(\\d+(?:\\.\\d+)?)${unit}`).exec(within)?.[1] ?? 0);
  const [date = '', time = ''] = duration.slice(1).split('T');
  return (
    part('Y', date) * 366 +
    part('M', date) * 31 +
    part('W', date) * 7 +
    part('D', date) +
    part('H', time) / 24 +
    part('M', time) / 1440 +
    part('S', time) / 86_400
  );
}

export type Iccid = z.output<typeof iccidSchema>;
export type Eid = z.output<typeof eidSchema>;
