/**
 * D10: the X-MS-DM-TransactionId values seen within the window. Every entry lives exactly the window, so entries
 * expire in insertion order and the oldest is always first in the Map. Bounded: when full, the oldest entries go
 * first (ADR 0009 sizes it).
 */
export class TransactionIdRegistry {
  private readonly seenUntil = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
  ) {}

  /** Records the id; false when it was already seen within the window. */
  firstSighting(id: string, nowMs: number): boolean {
    this.expire(nowMs);
    const until = this.seenUntil.get(id);
    if (until !== undefined && until > nowMs) return false;
    this.seenUntil.delete(id);
    this.seenUntil.set(id, nowMs + this.windowMs);
    if (this.seenUntil.size > this.maxEntries) {
      const oldest = this.seenUntil.keys().next();
      if (oldest.done !== true) this.seenUntil.delete(oldest.value);
    }
    return true;
  }

  private expire(nowMs: number): void {
    for (const [id, until] of this.seenUntil) {
      if (until > nowMs) return;
      this.seenUntil.delete(id);
    }
  }
}

/** D10: present values must be 1–64 printable characters. */
export function transactionIdProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 64) return 'must be at most 64 characters';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not contain control characters';
  return null;
}
