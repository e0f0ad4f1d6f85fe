import { luhnCheckDigit } from '@mp/sim';

/**
 * ICCIDs of `digits` digits (19 unless asked otherwise): prefix, a serial, and the Luhn digit. The serial starts
 * from the boot second so that a restarted simulator does not hand out ICCIDs that purchases in the event log
 * already hold. 18 digits is legal for an SM-DP+ (ITU-T E.118) but refused by the operator's rules: tests use it
 * to see an unusable answer released (docs/adr/0025).
 */
export function generateIccids(
  prefix: string,
  firstSerial: number,
  count: number,
  digits = 19,
): string[] {
  const serialDigits = digits - 1 - prefix.length;
  const modulus = 10 ** serialDigits;
  const iccids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const body = prefix + String((firstSerial + index) % modulus).padStart(serialDigits, '0');
    iccids.push(`${body}${luhnCheckDigit(body)}`);
  }
  return iccids;
}
