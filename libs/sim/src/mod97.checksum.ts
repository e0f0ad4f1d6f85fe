/**
 * ISO 7064 MOD 97-10, the two check digits that end an EID (GSMA SGP.29). Callers pass decimal digits only.
 * BigInt because a 32-digit EID is far beyond Number's exact integer range.
 */

/** True when the whole number, check digits included, is 1 modulo 97. */
export function passesMod97(digits: string): boolean {
  return digits.length > 0 && BigInt(digits) % 97n === 1n;
}

/** The two check digits that, appended to `body`, make it pass MOD 97-10. */
export function mod97CheckDigits(body: string): string {
  const remainder = (BigInt(body) * 100n) % 97n;
  return String(98n - remainder).padStart(2, '0');
}
