/** A record value as JSON, or undefined when it is none (absent or not JSON): the caller's schema says why. */
export function recordJson(value: Buffer | string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The transactionId a JSON value names, when it is one a purchase can have (at most 64 characters). */
export function transactionIdOf(json: unknown): string | null {
  const candidate = (json as { transactionId?: unknown } | null | undefined)?.transactionId;
  return typeof candidate === 'string' && candidate.length <= 64 ? candidate : null;
}
