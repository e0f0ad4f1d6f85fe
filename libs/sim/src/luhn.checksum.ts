/** Luhn (ISO/IEC 7812), the check digit of ICCIDs and IMEIs. Callers pass decimal digits only. */

// Luhn doubles every second digit counting from the check digit; `doubleRightmost` is true when the check digit is
// not there yet, so the rightmost digit of the body is the first one doubled.
function luhnSum(digits: string, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let value = digits.charCodeAt(index) - 48;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum;
}

/** True when the last digit is the Luhn check digit of the digits before it. */
export function passesLuhn(digits: string): boolean {
  return digits.length > 1 && luhnSum(digits, false) % 10 === 0;
}

/** The digit that, appended to `body`, makes it pass the Luhn check. */
export function luhnCheckDigit(body: string): string {
  return String((10 - (luhnSum(body, true) % 10)) % 10);
}
