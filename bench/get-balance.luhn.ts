/** The Luhn check digit of an ICCID body (the benchmark's SIMs must be valid ICCIDs). */
export function luhnDigit(body: string): string {
  let sum = 0;
  let double = true;
  for (let index = body.length - 1; index >= 0; index -= 1) {
    let digit = Number(body[index]);
    if (double) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}
