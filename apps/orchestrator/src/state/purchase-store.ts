import type { HeldInput, ParkingRecord, PurchaseEvent } from '@mp/contracts';
import { advanceState, type DeciderState, emptyDeciderState } from '@mp/purchase-machine';

export interface PendingTimer {
  readonly timerId: string;
  readonly transactionId: string;
  readonly partition: number;
  readonly dueAt: string;
  /** `dueAt` parsed once: the scheduler compares it every tick. */
  readonly dueAtMs: number;
}

export interface ParkedPurchase {
  readonly error: { readonly code: string; readonly message: string };
  readonly attempts: number;
  /** The input that failed first, then what arrived for the purchase since, in order. */
  readonly held: readonly HeldInput[];
}

interface PurchaseEntry {
  partition: number;
  /** The fold of the events applied so far but `unfolded` (ADR 0031): all a decision reads. */
  state: DeciderState;
  /**
   * Events read from the log and not folded yet: folded at the purchase's next decision, so that a start-up or a
   * standby reading histories it may never decide pays a push per event, not a machine step. Most of the log is
   * purchases nobody touches again; those keep their events, as before ADR 0031, and a decided purchase only its state.
   */
  unfolded: PurchaseEvent[];
  /** Sequence of the last event applied (folded or not): the next one must be one more. */
  sequence: number;
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
 * Every purchase of the log in memory (ADR 0007): each one's folded state (ADR 0031), the ICCID → purchase index,
 * pending timers and parked purchases. Events and parking records are numbered per purchase, so applying one twice
 * (write-through after a commit, then its echo from the log) changes nothing.
 */
export class PurchaseStore {
  private readonly purchases = new Map<string, PurchaseEntry>();
  private readonly owners = new Map<string, string>();
  private readonly timers = new Map<string, PendingTimer>();
  /** Purchases parked now, counted as parking records are applied (read after every commit, for the gauge). */
  private parkedCount = 0;

  /** What a decision for the purchase starts from; an unknown purchase is the empty state. */
  state(transactionId: string): DeciderState {
    const entry = this.purchases.get(transactionId);
    if (entry === undefined) return emptyDeciderState();
    if (entry.unreadable === null && entry.unfolded.length > 0) this.fold(entry);
    if (entry.unreadable !== null) throw new UnreadableHistoryError(entry.unreadable);
    return entry.state;
  }

  /** Whether the purchase's event of this sequence has been applied already (its echo changes nothing). */
  holdsEvent(transactionId: string, sequence: number): boolean {
    return (this.purchases.get(transactionId)?.sequence ?? 0) >= sequence;
  }

  /** Whether the purchase's parking record of this sequence has been applied already. */
  holdsParking(transactionId: string, sequence: number): boolean {
    return this.lastParkingSequence(transactionId) >= sequence;
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
    return { purchases: this.purchases.size, parked: this.parkedCount, timers: this.timers.size };
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

  forgetTimer(timerId: string): void {
    this.timers.delete(timerId);
  }

  /** An event read from the log: applied once, folded into the purchase's state when a decision needs it. */
  applyEvent(partition: number, event: PurchaseEvent): void {
    const entry = this.entry(event.metadata.transactionId, partition);
    if (!this.follows(entry, event)) return;
    // A state no decision will read again (decisions fail on an unreadable history) is not kept any further.
    if (entry.unreadable === null) entry.unfolded.push(event);
    entry.sequence = event.metadata.sequence;
    this.index(partition, event);
  }

  /**
   * A committed decision's events (write-through): `after` is the state the decider reached with them, so they
   * are not folded again. If the log's echo got here first (wholly or in part), they are applied one by one.
   */
  applyDecided(
    partition: number,
    transactionId: string,
    events: readonly PurchaseEvent[],
    after: DeciderState,
  ): void {
    const entry = this.entry(transactionId, partition);
    const first = events[0];
    if (first === undefined) return;
    // `after` was reached from everything applied before the decision; an event applied since (the log's echo of
    // these very events) means it no longer is the state to keep as it stands.
    if (
      entry.unreadable !== null ||
      entry.unfolded.length > 0 ||
      first.metadata.sequence !== entry.sequence + 1
    ) {
      for (const event of events) this.applyEvent(partition, event);
      return;
    }
    entry.state = after;
    entry.sequence = events.at(-1)!.metadata.sequence;
    for (const event of events) this.index(partition, event);
  }

  markUnreadable(partition: number, transactionId: string, reason: string): void {
    this.entry(transactionId, partition).unreadable ??= reason;
  }

  applyParking(partition: number, record: ParkingRecord): void {
    const entry = this.entry(record.transactionId, partition);
    if (record.sequence !== entry.parkingSequence + 1) return;
    entry.parkingSequence = record.sequence;
    const parked = nextParked(entry.parked, record);
    this.parkedCount += Number(parked !== null) - Number(entry.parked !== null);
    entry.parked = parked;
  }

  private fold(entry: PurchaseEntry): void {
    let state = entry.state;
    for (const event of entry.unfolded) {
      try {
        state = advanceState(state, event);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        entry.unreadable = `event ${event.metadata.sequence} cannot be folded: ${message}`;
        break;
      }
    }
    entry.state = state;
    entry.unfolded = [];
  }

  /** Whether the event is the purchase's next one; one already applied is skipped, one after a gap is refused. */
  private follows(entry: PurchaseEntry, event: PurchaseEvent): boolean {
    const expected = entry.sequence + 1;
    if (event.metadata.sequence < expected) return false;
    if (event.metadata.sequence > expected) {
      entry.unreadable ??= `event ${event.metadata.sequence} follows ${expected - 1}: the history has a gap`;
      return false;
    }
    return true;
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
      this.timers.set(timerId, {
        timerId,
        transactionId,
        partition,
        dueAt,
        dueAtMs: Date.parse(dueAt),
      });
    } else if (event.type === 'TimerFired' || event.type === 'TimerCancelled') {
      this.timers.delete(event.data.timerId);
    }
  }

  private entry(transactionId: string, partition: number): PurchaseEntry {
    let entry = this.purchases.get(transactionId);
    if (entry === undefined) {
      entry = {
        partition,
        state: emptyDeciderState(),
        unfolded: [],
        sequence: 0,
        unreadable: null,
        parkingSequence: 0,
        parked: null,
      };
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
