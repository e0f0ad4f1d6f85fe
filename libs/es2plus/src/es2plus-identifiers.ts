import { z } from 'zod';
import { fromEs2plusIccid, toEs2plusIccid, validateEid, type Iccid } from '@mp/sim';

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

export const wireEidSchema = z.string().transform((wire, context): string => {
  const result = validateEid(wire);
  if (result.ok) return result.eid;
  context.addIssue({ code: 'custom', message: result.reason });
  return z.NEVER;
});

/** SGP.22 MatchingID: upper-case letters, digits and dashes. */
export const matchingIdSchema = z.string().regex(/^[-0-9A-Z]+$/, 'must match ^[-0-9A-Z]+$');
