import { type Es2Function, type TimerPurpose } from '@mp/contracts';

const fnvOffset = 0xcbf29ce484222325n;
const fnvPrime = 0x100000001b3n;
const mask64 = 0xffffffffffffffffn;

/** FNV-1a, 64 bits: a short, stable digest (not a security measure) so ids stay within SM-DP+ field limits. */
export function digest64(text: string): string {
  let hash = fnvOffset;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * fnvPrime) & mask64;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * G4: the same (purchase, step) always yields the same identifier, so the adapter's retries and a replayed decision
 * are recognised by the SM-DP+ as the same call. The step is the sequence of the event that caused the call.
 */
export function functionCallIdentifier(
  transactionId: string,
  sequence: number,
  fn: Es2Function,
): string {
  return `mp-${digest64(transactionId)}-${sequence}-${fn}`;
}

export function timerId(transactionId: string, purpose: TimerPurpose, sequence: number): string {
  return `${transactionId}/${purpose}/${sequence}`;
}

export function eventId(inputId: string, index: number): string {
  return `${inputId}:${index}`;
}
