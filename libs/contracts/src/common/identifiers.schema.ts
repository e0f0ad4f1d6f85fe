import { z } from 'zod';

// Minimal format checks only: the full Luhn / MOD 97-10 rules live in @mp/sim, which is wired in later.

/** ICCID: 19–20 digits starting with 89; a trailing F (BCD filler) is accepted and dropped. */
export const iccidSchema = z
  .string()
  .trim()
  .regex(/^89\d{17,18}[Ff]?$/, 'must be an ICCID: 19–20 digits starting with 89')
  .transform((value) => value.replace(/[Ff]$/, ''));

/** EID: 32 decimal digits. */
export const eidSchema = z.string().regex(/^\d{32}$/, 'must be an EID: 32 digits');

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
