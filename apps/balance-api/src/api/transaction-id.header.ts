export const TRANSACTION_ID_HEADER = 'X-MS-DM-TransactionId';

/** D10: present values must be 1–64 printable characters. */
export function transactionIdProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 64) return 'must be at most 64 characters';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not contain control characters';
  return null;
}
