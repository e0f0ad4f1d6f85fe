import { type Iccid, type IccidResult, ICCID_MAX_DIGITS, validateIccid } from './iccid.validator';

/**
 * ES2+ (SGP.22) carries the ICCID as the hex of its 10 BCD octets, so a 19-digit ICCID travels padded with an `F`
 * filler to 20 characters. Internally an ICCID never carries the filler.
 */
export function toEs2plusIccid(iccid: Iccid): string {
  return iccid.padEnd(ICCID_MAX_DIGITS, 'F');
}

/** The inverse of `toEs2plusIccid`: the filler is dropped by the ordinary normalisation. */
export function fromEs2plusIccid(wire: string): IccidResult {
  return validateIccid(wire);
}
