/**
 * Broker answers that no retry can change: the records a transaction tried to write are too large for the broker
 * or the topic (`message.max.bytes`, `max.message.bytes`). Retrying the same batch would fail the same way forever,
 * so the processor retries it record by record and hands a record that is refused on its own to the handler
 * (ADR 0026). kafkajs wraps protocol errors (retries exhausted, aggregate errors of several brokers): the whole
 * chain is looked at.
 */
const refusedTypes = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);

export function refusedRecordsReason(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { type, message, cause, originalError, errors } = current as {
      type?: unknown;
      message?: unknown;
      cause?: unknown;
      originalError?: unknown;
      errors?: unknown;
    };
    if (typeof type === 'string' && refusedTypes.has(type)) {
      return `the broker refused the records (${type}): ${typeof message === 'string' ? message : ''}`.trim();
    }
    queue.push(cause, originalError);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return null;
}
