import type { BalanceRecord } from './balance-record';

/**
 * The balances of recently asked SIMs, newest last (a Map keeps insertion order, so the oldest entry is evicted
 * first). `generation` guards against a read that started before an invalidation storing stale rows after it.
 */
export class BalanceReadCache {
  private readonly entries = new Map<string, readonly BalanceRecord[]>();
  private currentGeneration = 0;

  constructor(private readonly maxEntries: number) {}

  get generation(): number {
    return this.currentGeneration;
  }

  get(iccid: string): readonly BalanceRecord[] | undefined {
    return this.entries.get(iccid);
  }

  /** Stores rows read at `generation`, unless something was invalidated since. */
  set(iccid: string, records: readonly BalanceRecord[], generation: number): void {
    if (generation !== this.currentGeneration) return;
    this.entries.delete(iccid);
    this.entries.set(iccid, records);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  invalidate(iccids: readonly string[]): void {
    this.currentGeneration += 1;
    for (const iccid of iccids) this.entries.delete(iccid);
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
  }
}
