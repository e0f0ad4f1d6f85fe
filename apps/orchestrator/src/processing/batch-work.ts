import type { ParkingRecord, PurchaseEvent } from '@mp/contracts';
import type { OutgoingMessage } from '@mp/event-log';
import type { DeciderState } from '@mp/purchase-machine';
import {
  applyParkingRecord,
  copyEntry,
  indexEvent,
  newEntry,
  nextParked,
  type ParkedPurchase,
  type PurchaseEntry,
} from '../state/purchase-entry';
import type { PurchaseStore } from '../state/purchase-store';

type ParkingDraft = ParkingRecord extends infer R
  ? R extends ParkingRecord
    ? Omit<R, 'sequence'>
    : never
  : never;

/** One decision of this batch for a purchase: its events and the state they lead to. */
interface Decided {
  readonly events: readonly PurchaseEvent[];
  readonly after: DeciderState;
}

/** Where a batch's work stands (`BatchWork.mark`): lengths and a position in its undo log, O(1) to take. */
export interface WorkMark {
  readonly messages: number;
  readonly undo: number;
  readonly parkings: number;
  readonly timersDone: number;
  readonly alerts: number;
  readonly transitions: number;
}

/**
 * One transaction's worth of decisions: reads see the store plus what this batch has decided so far; nothing
 * reaches the store until the transaction has committed (`applyTo`).
 */
export class BatchWork {
  readonly messages: OutgoingMessage[] = [];
  private readonly decided = new Map<string, Decided[]>();
  private readonly parkings: ParkingRecord[] = [];
  private readonly parkedNow = new Map<string, ParkedPurchase | null>();
  private readonly parkingSequence = new Map<string, number>();
  private readonly timersDone: { transactionId: string; timerId: string }[] = [];
  /** ICCIDs whose profile a decision of this batch reserved, and for which purchase. */
  private readonly reservedIccids = new Map<string, string>();
  /**
   * How to take back each change to the maps above, newest last: a record's decision is marked before and rolled
   * back if it fails, once per record, so marking must not copy what the batch holds (quadratic in the batch).
   */
  private readonly undo: (() => void)[] = [];
  /** AlertOperations effects decided in this batch; they are raised once it has committed. */
  readonly alerts: { transactionId: string; code: string; message: string }[] = [];
  transitions = 0;
  private after: PurchaseEntry[] | undefined;

  /**
   * `refusal`: the broker refused what this work's input decides (ADR 0026); every purchase it would decide for is
   * parked with it instead.
   */
  constructor(
    private readonly store: PurchaseStore,
    readonly partition: number,
    readonly refusal: { readonly code: string; readonly message: string } | null = null,
  ) {}

  get parkedAny(): boolean {
    return this.parkings.some((record) => record.kind === 'parked');
  }

  /** Where the work stands, to undo one record's half-made decision (`rollback`). */
  mark(): WorkMark {
    return {
      messages: this.messages.length,
      undo: this.undo.length,
      parkings: this.parkings.length,
      timersDone: this.timersDone.length,
      alerts: this.alerts.length,
      transitions: this.transitions,
    };
  }

  rollback(mark: WorkMark): void {
    this.messages.length = mark.messages;
    while (this.undo.length > mark.undo) this.undo.pop()!();
    this.parkings.length = mark.parkings;
    this.timersDone.length = mark.timersDone;
    this.alerts.length = mark.alerts;
    this.transitions = mark.transitions;
  }

  /** What the purchase's next decision starts from: the store's state, or what this batch has decided since. */
  state(transactionId: string): DeciderState {
    return this.decided.get(transactionId)?.at(-1)?.after ?? this.store.state(transactionId);
  }

  ownerOfIccid(iccid: string): string | null {
    return this.reservedIccids.get(iccid) ?? this.store.ownerOfIccid(iccid);
  }

  parked(transactionId: string): ParkedPurchase | null {
    return this.parkedNow.has(transactionId)
      ? (this.parkedNow.get(transactionId) ?? null)
      : this.store.parked(transactionId);
  }

  /** A decision's events, and the state they lead to (`stateAfter`), which the next decision starts from. */
  appendDecision(
    transactionId: string,
    events: readonly PurchaseEvent[],
    after: DeciderState,
  ): void {
    const decided = this.decided.get(transactionId);
    if (decided === undefined) {
      this.decided.set(transactionId, [{ events, after }]);
      this.undo.push(() => this.decided.delete(transactionId));
    } else {
      decided.push({ events, after });
      this.undo.push(() => decided.pop());
    }
    for (const event of events) {
      if (event.type !== 'ProfileReserved') continue;
      this.restoreLater(this.reservedIccids, event.data.iccid);
      this.reservedIccids.set(event.data.iccid, transactionId);
    }
    this.transitions += events.length;
  }

  /** Numbers the parking record and returns it, ready to send. */
  appendParking(draft: ParkingDraft): ParkingRecord {
    const { transactionId } = draft;
    const sequence =
      (this.parkingSequence.get(transactionId) ?? this.store.lastParkingSequence(transactionId)) +
      1;
    const record: ParkingRecord = { ...draft, sequence };
    const parked = nextParked(this.parked(transactionId), record);
    this.restoreLater(this.parkingSequence, transactionId);
    this.restoreLater(this.parkedNow, transactionId);
    this.parkingSequence.set(transactionId, sequence);
    this.parkedNow.set(transactionId, parked);
    this.parkings.push(record);
    return record;
  }

  timerDone(transactionId: string, timerId: string): void {
    this.timersDone.push({ transactionId, timerId });
  }

  /** Records how to put `key` of `map` back as it is now (absent or its value) on rollback. */
  private restoreLater<K, V>(map: Map<K, V>, key: K): void {
    if (map.has(key)) {
      const value = map.get(key) as V;
      this.undo.push(() => map.set(key, value));
    } else {
      this.undo.push(() => map.delete(key));
    }
  }

  /**
   * Each purchase this work changed, as it will be once the transaction commits: what its snapshot records and what
   * the store holds after the commit (`applyTo`). Built on copies; the store is not touched.
   */
  entriesAfter(): PurchaseEntry[] {
    if (this.after !== undefined) return this.after;
    const entries = new Map<string, PurchaseEntry>();
    const entryOf = (transactionId: string) => {
      let entry = entries.get(transactionId);
      if (entry === undefined) {
        const held = this.store.entry(transactionId);
        entry = held === undefined ? newEntry(transactionId, this.partition) : copyEntry(held);
        entries.set(transactionId, entry);
      }
      return entry;
    };
    for (const [transactionId, decided] of this.decided) {
      const entry = entryOf(transactionId);
      for (const { events } of decided) for (const event of events) indexEvent(entry, event);
      // The decisions stepped from the folded state (`state` folds what was pending): nothing is left to fold.
      entry.state = decided.at(-1)!.after;
      entry.restored = null;
      entry.unfolded = [];
    }
    for (const record of this.parkings) applyParkingRecord(entryOf(record.transactionId), record);
    for (const { transactionId, timerId } of this.timersDone) {
      entryOf(transactionId).timers.delete(timerId);
    }
    this.after = [...entries.values()];
    return this.after;
  }

  applyTo(store: PurchaseStore): void {
    for (const entry of this.entriesAfter()) store.put(entry);
  }
}
