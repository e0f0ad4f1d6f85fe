import { z } from 'zod';
import { fromEs2plusIccid, passesLuhn, toEs2plusIccid, validateEid, type Iccid } from '@mp/sim';

/**
 * ICCIDs travel F-padded to 20 characters (section 14.2); inside we never keep the filler. These wrap @mp/sim's
 * codec so both peers (adapter and simulator) apply the same rules.
 */
export const toWireIccid = (iccid: Iccid): string => toEs2plusIccid(iccid);

/** A wire ICCID (`…F` or not) → the ICCID without filler, or undefined when it is not a valid ICCID. */
export function fromWireIccid(wire: string): Iccid | undefined {
  const result = fromEs2plusIccid(wire);
  return result.ok ? result.iccid : undefined;
}

/** An ICCID field of an ES2+ message: validated (Luhn) and stripped of its filler. */
export const wireIccidSchema = z.string().transform((wire, context): Iccid => {
  const result = fromEs2plusIccid(wire);
  if (result.ok) return result.iccid;
  context.addIssue({ code: 'custom', message: result.reason });
  return z.NEVER;
});

/**
 * An ICCID as an SM-DP+ may hold it (ITU-T E.118): 18 to 20 digits, `89…`, Luhn, F filler dropped. Wider than the
 * operator's own rule (19 or 20 digits): an SM-DP+ that hands out an 18-digit ICCID must still accept it back in a
 * CancelOrder, so that the operator can release a profile it cannot use (docs/adr/0025).
 */
export const smdpHeldIccidSchema = z.string().transform((wire, context): string => {
  const digits = wire.trim().replace(/[Ff]{1,2}$/, '');
  if (/^89[0-9]{16,18}$/.test(digits) && passesLuhn(digits)) return digits;
  context.addIssue({ code: 'custom', message: 'ICCID must be 18 to 20 digits, 89…, valid Luhn' });
  return z.NEVER;
});

/** The ICCID of a DownloadOrder answer, kept as sent, when it is plausible enough to name in a CancelOrder. */
export function releasableIccid(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9]{6,22}[Ff]{0,2}$/.test(value) ? value : undefined;
}

export const wireEidSchema = z.string().transform((wire, context): string => {
  const result = validateEid(wire);
  if (result.ok) return result.eid;
  context.addIssue({ code: 'custom', message: result.reason });
  return z.NEVER;
});

/** SGP.22 MatchingID: upper-case letters, digits and dashes. */
export const matchingIdSchema = z.string().regex(/^[-0-9A-Z]+$/, 'must match ^[-0-9A-Z]+$');
