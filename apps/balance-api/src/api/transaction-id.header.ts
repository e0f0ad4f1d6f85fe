import { randomUUID } from 'node:crypto';

export const TRANSACTION_ID_HEADER = 'X-MS-DM-TransactionId';

/** The header as read: its value, or why it is refused (D10). */
export type TransactionIdHeader = { ok: true; value: string } | { ok: false; problem: string };

/**
 * D10: the caller's id, or one made here when there is none; `echo` is what every answer, errors included,
 * carries back (nothing when the header is refused).
 */
export function readTransactionIdHeader(
  raw: string | string[] | undefined,
): TransactionIdHeader & { echo?: string } {
  if (Array.isArray(raw)) return { ok: false, problem: 'must be given once' };
  if (raw === undefined) {
    const made = `MO-${randomUUID()}`;
    return { ok: true, value: made, echo: made };
  }
  const problem = transactionIdProblem(raw);
  if (problem !== null) return { ok: false, problem };
  return { ok: true, value: raw, echo: raw };
}

/** D10: present values must be 1–64 printable characters. */
export function transactionIdProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 64) return 'must be at most 64 characters';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not contain control characters';
  return null;
}
