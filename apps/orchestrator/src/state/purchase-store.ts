import type { HeldInput, ParkingRecord, PurchaseEvent } from '@mp/contracts';

export interface PendingTimer {
  readonly timerId: string;
  readonly transactionId: string;
  readonly partition: number;
  readonly dueAt: string;
}

export interface ParkedPurchase {
  readonly error: { readonly code: string; readonly message: string };
  readonly attempts: number;
  /** The input that failed first, then what arrived for the purchase since, in order. */
  readonly held: readonly HeldInput[];
}

interface PurchaseEntry {
  partition: number;
  readonly events: PurchaseEvent[];
  /** Why this history cannot be read by this version (an event it cannot parse, a gap); decisions fail on it. */
  unreadable: string | null;
  parkingSequence: number;
  parked: ParkedPurchase | null;
}

/** A history the running code cannot fold: processing an input for it fails, so the purchase gets parked. */
export class UnreadableHistoryError extends Error {
  readonly code = 'UNREADABLE_HISTORY';
}

/**
 * Every purchase of the log in memory (ADR 0007): histories, the ICCID → purchase index, pending timers and parked
 * purchases. Events and parking records are numbered per purchase, so applying one twice (write-through after a
 * commit, then its echo from the log) changes nothing.
 */
export class PurchaseStore {
  private readonly purchases = new Map<string, PurchaseEntry>();
  private readonly owners = new Map<string, string>();
  private readonly timers = new Map<string, PendingTimer>();

  history(transactionId: string): readonly PurchaseEvent[] {
    const entry = this.purchases.get(transactionId);
    if (entry?.unreadable) throw new UnreadableHistoryError(entry.unreadable);
    return entry?.events ?? [];
  }

  lastParkingSequence(transactionId: string): number {
    return this.purchases.get(transactionId)?.parkingSequence ?? 0;
  }

  parked(transactionId: string): ParkedPurchase | null {
    return this.purchases.get(transactionId)?.parked ?? null;
  }

  ownerOfIccid(iccid: string): string | null {
    return this.owners.get(iccid) ?? null;
  }

  size(): { purchases: number; parked: number; timers: number } {
    let parked = 0;
    for (const entry of this.purchases.values()) if (entry.parked) parked += 1;
    return { purchases: this.purchases.size, parked, timers: this.timers.size };
  }

  /** Timers of the given partitions due at `nowMs`, earliest first. */
  dueTimers(nowMs: number, partitions: ReadonlySet<number>): PendingTimer[] {
    return [...this.timers.values()]
      .filter((timer) => partitions.has(timer.partition) && Date.parse(timer.dueAt) <= nowMs)
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  hasTimer(timerId: string): boolean {
    return this.timers.has(timerId);
  }

  forgetTimer(timerId: string): void {
    this.timers.delete(timerId);
  }

  applyEvent(partition: number, event: PurchaseEvent): void {
    const entry = this.entry(event.metadata.transactionId, partition);
    const expected = entry.events.length + 1;
    if (event.metadata.sequence < expected) return;
    if (event.metadata.sequence > expected) {
      entry.unreadable ??= `event ${event.metadata.sequence} follows ${expected - 1}: the history has a gap`;
      return;
    }
    entry.events.push(event);
    this.index(partition, event);
  }

  markUnreadable(partition: number, transactionId: string, reason: string): void {
    this.entry(transactionId, partition).unreadable ??= reason;
  }

  applyParking(partition: number, record: ParkingRecord): void {
    const entry = this.entry(record.transactionId, partition);
    if (record.sequence !== entry.parkingSequence + 1) return;
    entry.parkingSequence = record.sequence;
    entry.parked = nextParked(entry.parked, record);
  }

  private index(partition: number, event: PurchaseEvent): void {
    const transactionId = event.metadata.transactionId;
    if (event.metadata.causationId.startsWith('timer:')) {
      this.timers.delete(event.metadata.causationId.slice('timer:'.length));
    }
    if (event.type === 'ProfileReserved') {
      this.owners.set(event.data.iccid, transactionId);
    } else if (event.type === 'TimerScheduled') {
      const { timerId, dueAt } = event.data;
      this.timers.set(timerId, { timerId, transactionId, partition, dueAt });
    } else if (event.type === 'TimerFired' || event.type === 'TimerCancelled') {
      this.timers.delete(event.data.timerId);
    }
  }

  private entry(transactionId: string, partition: number): PurchaseEntry {
    let entry = this.purchases.get(transactionId);
    if (entry === undefined) {
      entry = { partition, events: [], unreadable: null, parkingSequence: 0, parked: null };
      this.purchases.set(transactionId, entry);
    }
    entry.partition = partition;
    return entry;
  }
}

/** The parking state after one parking record. */
export function nextParked(
  current: ParkedPurchase | null,
  record: ParkingRecord,
): ParkedPurchase | null {
  switch (record.kind) {
    case 'parked':
      return { error: record.error, attempts: record.attempts, held: [record.input] };
    case 'held':
      return current === null ? null : { ...current, held: [...current.held, record.input] };
    case 'released':
      return null;
    default: {
      const _exhaustive: never = record;
      return _exhaustive;
    }
  }
}
