import { passesLuhn } from './luhn.checksum';
import { unreachable } from './unreachable.guard';

declare const iccidBrand: unique symbol;

/** An ICCID that passed `validateIccid`: 19 or 20 digits, `89…`, valid Luhn, no `F` filler. */
export type Iccid = string & { readonly [iccidBrand]: true };

export type IccidErrorCode = 'ICCID_NOT_DIGITS' | 'ICCID_LENGTH' | 'ICCID_PREFIX' | 'ICCID_LUHN';

export type IccidResult =
  | { readonly ok: true; readonly iccid: Iccid }
  | { readonly ok: false; readonly code: IccidErrorCode; readonly reason: string };

export const ICCID_MIN_DIGITS = 19;
export const ICCID_MAX_DIGITS = 20;

// Reasons never repeat the input: they end up in logs and HTTP bodies, and the input is caller-controlled.
function reasonFor(code: IccidErrorCode, digitCount: number): string {
  switch (code) {
    case 'ICCID_NOT_DIGITS':
      return 'ICCID must contain decimal digits only (one trailing F filler is allowed)';
    case 'ICCID_LENGTH':
      return `ICCID must have ${ICCID_MIN_DIGITS} or ${ICCID_MAX_DIGITS} digits, got ${digitCount}`;
    case 'ICCID_PREFIX':
      return 'ICCID must start with 89 (the telecom industry identifier)';
    case 'ICCID_LUHN':
      return 'ICCID fails its Luhn check digit';
    default:
      return unreachable(code);
  }
}

function failure(code: IccidErrorCode, digits: string): IccidResult {
  return { ok: false, code, reason: reasonFor(code, digits.length) };
}

/**
 * Normalises and validates an ICCID as it arrives from a URL, a portal parameter or an ES2+ peer.
 * The trailing `F` is the BCD filler of a 19-digit ICCID stored in 10 octets; only one is ever legitimate.
 */
export function validateIccid(raw: string): IccidResult {
  const trimmed = raw.trim();
  const digits = /[Ff]$/.test(trimmed) ? trimmed.slice(0, -1) : trimmed;

  if (!/^[0-9]*$/.test(digits)) return failure('ICCID_NOT_DIGITS', digits);
  if (digits.length < ICCID_MIN_DIGITS || digits.length > ICCID_MAX_DIGITS) {
    return failure('ICCID_LENGTH', digits);
  }
  if (!digits.startsWith('89')) return failure('ICCID_PREFIX', digits);
  if (!passesLuhn(digits)) return failure('ICCID_LUHN', digits);
  return { ok: true, iccid: digits as Iccid };
}
