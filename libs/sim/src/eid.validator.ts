import { passesMod97 } from './mod97.checksum';
import { unreachable } from './unreachable.guard';

declare const eidBrand: unique symbol;

/** An EID that passed `validateEid`: 32 digits, `89…`, valid ISO 7064 MOD 97-10 check digits. */
export type Eid = string & { readonly [eidBrand]: true };

export type EidErrorCode = 'EID_NOT_DIGITS' | 'EID_LENGTH' | 'EID_PREFIX' | 'EID_CHECKSUM';

export type EidResult =
  | { readonly ok: true; readonly eid: Eid }
  | { readonly ok: false; readonly code: EidErrorCode; readonly reason: string };

export const EID_DIGITS = 32;

// Reasons never repeat the input: they end up in logs and HTTP bodies, and the input is caller-controlled.
function reasonFor(code: EidErrorCode, digitCount: number): string {
  switch (code) {
    case 'EID_NOT_DIGITS':
      return 'EID must contain decimal digits only';
    case 'EID_LENGTH':
      return `EID must have exactly ${EID_DIGITS} digits, got ${digitCount}`;
    case 'EID_PREFIX':
      return 'EID must start with 89';
    case 'EID_CHECKSUM':
      return 'EID fails its ISO 7064 MOD 97-10 check digits';
    default:
      return unreachable(code);
  }
}

function failure(code: EidErrorCode, digits: string): EidResult {
  return { ok: false, code, reason: reasonFor(code, digits.length) };
}

/** Validates an EID; surrounding whitespace is tolerated because EIDs arrive in hand-edited JSON and forms. */
export function validateEid(raw: string): EidResult {
  const digits = raw.trim();

  if (!/^[0-9]*$/.test(digits)) return failure('EID_NOT_DIGITS', digits);
  if (digits.length !== EID_DIGITS) return failure('EID_LENGTH', digits);
  if (!digits.startsWith('89')) return failure('EID_PREFIX', digits);
  if (!passesMod97(digits)) return failure('EID_CHECKSUM', digits);
  return { ok: true, eid: digits as Eid };
}
