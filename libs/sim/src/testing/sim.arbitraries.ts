import fc from 'fast-check';

/**
 * Generators and reference check-digit formulas for the property tests. The references are written differently
 * from the production checksums on purpose, so a shared mistake cannot make a test pass.
 */

const DIGITS = '0123456789'.split('');

export const digits = (minLength: number, maxLength = minLength): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...DIGITS), minLength, maxLength });

// Luhn as the textbook states it: doubled digits looked up, then the check digit is (sum × 9) mod 10.
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
export function referenceLuhnDigit(body: string): string {
  const sum = [...body]
    .reverse()
    .map(Number)
    .reduce(
      (total, digit, index) => total + (index % 2 === 0 ? (DOUBLED[digit] ?? NaN) : digit),
      0,
    );
  return String((sum * 9) % 10);
}

// MOD 97-10 as GSMA SGP.29 states it: the body with 00 appended, check = 98 − (N mod 97).
export function referenceMod97Digits(body: string): string {
  return String(98n - (BigInt(`${body}00`) % 97n)).padStart(2, '0');
}

/** An 18- or 19-digit body starting with 89, the part of an ICCID before its check digit. */
export const iccidBody: fc.Arbitrary<string> = digits(16, 17).map((rest) => `89${rest}`);

/** A valid 19- or 20-digit ICCID. */
export const validIccid: fc.Arbitrary<string> = iccidBody.map(
  (body) => body + referenceLuhnDigit(body),
);

/** A valid 32-digit EID. */
export const validEid: fc.Arbitrary<string> = digits(28).map((rest) => {
  const body = `89${rest}`;
  return body + referenceMod97Digits(body);
});

/** A digit different from `digit`, chosen by `shift` (1–9). */
export const otherDigit = (digit: string, shift: number): string =>
  String((Number(digit) + shift) % 10);

/** Replaces the digit at `index`. */
export const replaceAt = (text: string, index: number, replacement: string): string =>
  text.slice(0, index) + replacement + text.slice(index + 1);
