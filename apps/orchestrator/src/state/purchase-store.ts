import type { ParkingRecord, PurchaseEvent } from '@mp/contracts';
import { emptyDeciderState, type DeciderState } from '@mp/purchase-machine';
import { IccidIndex } from './iccid-index';
import {
  applyParkingRecord,
  foldPending,
  fromSnapshot,
  indexEvent,
  isEvictable,
  newEntry,
  toSnapshot,
  type ParkedPurchase,
  type PendingTimer,
  type PurchaseEntry,
} from './purchase-entry';
import type { PurchaseSnapshot } from './purchase-snapshot';

export type { ParkedPurchase, PendingTimer, PurchaseEntry } from './purchase-entry';
export { nextParked } from './purchase-entry';

/** A history the running code cannot fold: processing an input for it fails, so the purchase gets parked. */
export class UnreadableHistoryError extends Error {
  readonly code = 'UNREADABLE_HISTORY';
}

/**
 * The live purchases of the partitions this process owns (ADR 0032), each as its folded state (ADR 0031), with
 * their pending timers and parking, and the ICCID index of every partition's live purchases. A partition's
 * purchases come in when it is claimed (restored from the changelog, or rebuilt from the log), change only by this
 * process's commits, and leave when it is released or, one by one, when they are evicted.
 */
export class PurchaseStore {
  private readonly purchases = new Map<string, PurchaseEntry>();
  private readonly timers = new Map<string, PendingTimer>();
  readonly iccids = new IccidIndex();
  /** Purchases parked now, counted as entries change (read after every commit, for the gauge). */
  private parkedCount = 0;

  /** What a decision for the purchase starts from; an unknown purchase is the empty state. */
  state(transactionId: string): DeciderState {
    const entry = this.purchases.get(transactionId);
    if (entry === undefined) return emptyDeciderState();
    foldPending(entry);
    if (entry.unreadable !== null) throw new UnreadableHistoryError(entry.unreadable);
    return entry.state;
  }

  /** The purchase as held, to be changed on a copy (`copyEntry`) and put back once committed. */
  entry(transactionId: string): PurchaseEntry | undefined {
    return this.purchases.get(transactionId);
  }

  holds(transactionId: string): boolean {
    return this.purchases.has(transactionId);
  }

  lastParkingSequence(transactionId: string): number {
    return this.purchases.get(transactionId)?.parkingSequence ?? 0;
  }

  parked(transactionId: string): ParkedPurchase | null {
    return this.purchases.get(transactionId)?.parked ?? null;
  }

  ownerOfIccid(iccid: string): string | null {
    return this.iccids.owner(iccid);
  }

  size(): { purchases: number; parked: number; timers: number; iccids: number } {
    return {
      purchases: this.purchases.size,
      parked: this.parkedCount,
      timers: this.timers.size,
      iccids: this.iccids.size,
    };
  }

  /** Timers of the given partitions due at `nowMs`, earliest first. */
  dueTimers(nowMs: number, partitions: ReadonlySet<number>): PendingTimer[] {
    return [...this.timers.values()]
      .filter((timer) => timer.dueAtMs <= nowMs && partitions.has(timer.partition))
      .sort((a, b) => a.dueAtMs - b.dueAtMs);
  }

  hasTimer(timerId: string): boolean {
    return this.timers.has(timerId);
  }

  /** Puts the purchase as a commit left it (or as restored), in place of what was held. */
  put(entry: PurchaseEntry): void {
    this.remove(entry.transactionId);
    this.purchases.set(entry.transactionId, entry);
    for (const timer of entry.timers.values()) this.timers.set(timer.timerId, timer);
    if (entry.parked !== null) this.parkedCount += 1;
    this.iccids.set(entry.transactionId, entry.iccids);
  }

  /** A snapshot read back from the changelog or the evicted purchases. */
  restore(partition: number, snapshot: PurchaseSnapshot): void {
    this.put(fromSnapshot(snapshot, partition));
  }

  snapshot(transactionId: string): PurchaseSnapshot | null {
    const entry = this.purchases.get(transactionId);
    return entry === undefined ? null : toSnapshot(entry);
  }

  /** An event read from the log (a partition rebuilt from it): applied once, folded when a decision needs it. */
  applyEvent(partition: number, event: PurchaseEvent): void {
    const entry = this.held(event.metadata.transactionId, partition);
    const expected = entry.sequence + 1;
    if (event.metadata.sequence < expected) return;
    if (event.metadata.sequence > expected) {
      entry.unreadable ??= `event ${event.metadata.sequence} follows ${expected - 1}: the history has a gap`;
      return;
    }
    // A state no decision will read again (decisions fail on an unreadable history) is not kept any further.
    if (entry.unreadable === null) entry.unfolded.push(event);
    const before = [...entry.timers.keys()];
    indexEvent(entry, event);
    this.reindexTimers(entry, before);
    this.iccids.set(entry.transactionId, entry.iccids);
  }

  applyParking(partition: number, record: ParkingRecord): void {
    const entry = this.held(record.transactionId, partition);
    const wasParked = entry.parked !== null;
    applyParkingRecord(entry, record);
    this.parkedCount += Number(entry.parked !== null) - Number(wasParked);
  }

  markUnreadable(partition: number, transactionId: string, reason: string): void {
    this.held(transactionId, partition).unreadable ??= reason;
  }

  /** The purchases of the partition, in no order. */
  purchasesOf(partition: number): string[] {
    return [...this.purchases.values()]
      .filter((entry) => entry.partition === partition)
      .map((entry) => entry.transactionId);
  }

  /** The partition's purchases that may leave memory now (`isEvictable`), at most `limit`. */
  evictable(partition: number, nowMs: number, afterMs: number, limit: number): string[] {
    const found: string[] = [];
    for (const entry of this.purchases.values()) {
      if (found.length >= limit) break;
      if (entry.partition === partition && isEvictable(entry, nowMs, afterMs)) {
        found.push(entry.transactionId);
      }
    }
    return found;
  }

  /** An evicted purchase leaves memory and the ICCID index. */
  evict(transactionId: string): void {
    this.remove(transactionId);
    this.iccids.remove(transactionId);
  }

  /** A released partition's purchases leave memory; the ICCID index keeps every partition's. */
  dropPartition(partition: number): void {
    for (const transactionId of this.purchasesOf(partition)) this.remove(transactionId);
  }

  private remove(transactionId: string): void {
    const entry = this.purchases.get(transactionId);
    if (entry === undefined) return;
    for (const timerId of entry.timers.keys()) this.timers.delete(timerId);
    if (entry.parked !== null) this.parkedCount -= 1;
    this.purchases.delete(transactionId);
  }

  private reindexTimers(entry: PurchaseEntry, before: readonly string[]): void {
    for (const timerId of before) if (!entry.timers.has(timerId)) this.timers.delete(timerId);
    for (const timer of entry.timers.values()) this.timers.set(timer.timerId, timer);
  }

  private held(transactionId: string, partition: number): PurchaseEntry {
    let entry = this.purchases.get(transactionId);
    if (entry === undefined) {
      entry = newEntry(transactionId, partition);
      this.purchases.set(transactionId, entry);
    }
    return entry;
  }
}
