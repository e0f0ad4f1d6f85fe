import { validateIccid } from '@mp/sim';

/**
 * 19-digit ICCIDs: prefix, a serial, and the Luhn digit. The serial starts from the boot second so that a
 * restarted simulator does not hand out ICCIDs that purchases in the event log already hold.
 */
export function generateIccids(prefix: string, firstSerial: number, count: number): string[] {
  const serialDigits = 18 - prefix.length;
  const modulus = 10 ** serialDigits;
  const iccids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const body = prefix + String((firstSerial + index) % modulus).padStart(serialDigits, '0');
    iccids.push(withCheckDigit(body));
  }
  return iccids;
}

function withCheckDigit(body: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    const candidate = `${body}${digit}`;
    if (validateIccid(candidate).ok) return candidate;
  }
  throw new Error(`no Luhn digit completes ${body}`);
}
