/**
 * Whether a failed apply is the record's fault (it will fail the same way every time, so it is rejected and its
 * partition moves on) or the world's (the database is restarting, a connection dropped: try again, never reject).
 * Anything not known to be the record's fault is treated as the world's: the partition waits, visibly, rather than
 * dropping a record that a healthy database would have taken.
 */
export function isRecordFault(error: unknown): boolean {
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState)) {
    // 22 data exception (a value out of range, an invalid date), 23 integrity constraint, 54 program limit exceeded
    // (a row or index entry too large).
    return ['22', '23', '54'].includes(sqlState.slice(0, 2));
  }
  // What the projection's own code throws on a value it cannot handle.
  return error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError;
}

/** A short, single-line account of an error, for a rejection's reason and the logs. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const sqlState = (error as { code?: unknown } | null)?.code;
  const text = typeof sqlState === 'string' ? `${sqlState}: ${message}` : message;
  return text.replace(/\s+/g, ' ').slice(0, 500);
}
