import { z } from 'zod';

import { validateEid, validateIccid } from '@mp/sim';

/**
 * ICCID: 19–20 digits starting with 89 that pass the Luhn check; a trailing F (BCD filler) is accepted and
 * dropped. The rules are @mp/sim's, so every edge validates identifiers the same way.
 */
export const iccidSchema = z
  .string()
  .trim()
  // The pattern documents the shape in the generated JSON Schema; the transform applies the full rules.
  .regex(/^89\d{17,18}[Ff]?$/, 'must be an ICCID: 19–20 digits starting with 89')
  .transform((value, context) => {
    const result = validateIccid(value);
    if (result.ok) return result.iccid;
    context.addIssue({
      code: 'custom',
      message: `must be an ICCID: ${result.reason}`,
      params: { code: result.code },
    });
    return z.NEVER;
  });

/** EID: 32 digits starting with 89 whose ISO 7064 MOD 97-10 check holds. */
export const eidSchema = z
  .string()
  .regex(/^89\d{30}$/, 'must be an EID: 32 digits starting with 89')
  .transform((value, context) => {
    const result = validateEid(value);
    if (result.ok) return result.eid;
    context.addIssue({
      code: 'custom',
      message: `must be an EID: ${result.reason}`,
      params: { code: result.code },
    });
    return z.NEVER;
  });

/** The Mobile Plans launch transactionId, stored exactly as received (D25). */
export const transactionIdSchema = z.string().min(1).max(64);

export const eventIdSchema = z.string().min(1).max(128);

/** RFC 3339 timestamp with an explicit offset. */
export const timestampSchema = z.iso.datetime({ offset: true });

export const isoDurationSchema = z.iso.duration();

export const countryCodeSchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
  .transform((value) => value.toUpperCase());

export const minutesSchema = z.number().int().min(0);

export type Iccid = z.output<typeof iccidSchema>;
export type Eid = z.output<typeof eidSchema>;
