import type { ParkingRecord, PurchaseEvent } from '@mp/contracts';
import type { OutgoingMessage } from '@mp/event-log';
import type { DeciderState } from '@mp/purchase-machine';
import { nextParked, type ParkedPurchase, type PurchaseStore } from '../state/purchase-store';

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

export interface WorkMark {
  readonly messages: number;
  readonly decided: ReadonlyMap<string, number>;
  readonly parkings: number;
  readonly parkedNow: ReadonlyMap<string, ParkedPurchase | null>;
  readonly parkingSequence: ReadonlyMap<string, number>;
  readonly timersDone: number;
  readonly alerts: number;
  readonly transitions: number;
}

function replace<K, V>(target: Map<K, V>, from: ReadonlyMap<K, V>): void {
  target.clear();
  for (const [key, value] of from) target.set(key, value);
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
  private readonly timersDone: string[] = [];
  /** AlertOperations effects decided in this batch; they are raised once it has committed. */
  readonly alerts: { transactionId: string; code: string; message: string }[] = [];
  transitions = 0;

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
      decided: new Map([...this.decided].map(([id, decided]) => [id, decided.length])),
      parkings: this.parkings.length,
      parkedNow: new Map(this.parkedNow),
      parkingSequence: new Map(this.parkingSequence),
      timersDone: this.timersDone.length,
      alerts: this.alerts.length,
      transitions: this.transitions,
    };
  }

  rollback(mark: WorkMark): void {
    this.messages.length = mark.messages;
    for (const [id, decided] of this.decided) {
      const kept = mark.decided.get(id);
      if (kept === undefined) this.decided.delete(id);
      else decided.length = kept;
    }
    this.parkings.length = mark.parkings;
    replace(this.parkedNow, mark.parkedNow);
    replace(this.parkingSequence, mark.parkingSequence);
    this.timersDone.length = mark.timersDone;
    this.alerts.length = mark.alerts;
    this.transitions = mark.transitions;
  }

  /** What the purchase's next decision starts from: the store's state, or what this batch has decided since. */
  state(transactionId: string): DeciderState {
    return this.decided.get(transactionId)?.at(-1)?.after ?? this.store.state(transactionId);
  }

  ownerOfIccid(iccid: string): string | null {
    for (const [transactionId, decided] of this.decided) {
      const reserves = decided.some(({ events }) =>
        events.some((event) => event.type === 'ProfileReserved' && event.data.iccid === iccid),
      );
      if (reserves) {
        return transactionId;
      }
    }
    return this.store.ownerOfIccid(iccid);
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
    if (decided === undefined) this.decided.set(transactionId, [{ events, after }]);
    else decided.push({ events, after });
    this.transitions += events.length;
  }

  /** Numbers the parking record and returns it, ready to send. */
  appendParking(draft: ParkingDraft): ParkingRecord {
    const { transactionId } = draft;
    const sequence =
      (this.parkingSequence.get(transactionId) ?? this.store.lastParkingSequence(transactionId)) +
      1;
    const record: ParkingRecord = { ...draft, sequence };
    this.parkingSequence.set(transactionId, sequence);
    this.parkedNow.set(transactionId, nextParked(this.parked(transactionId), record));
    this.parkings.push(record);
    return record;
  }

  timerDone(timerId: string): void {
    this.timersDone.push(timerId);
  }

  applyTo(store: PurchaseStore): void {
    for (const [transactionId, decided] of this.decided) {
      const events = decided.flatMap((decision) => decision.events);
      store.applyDecided(this.partition, transactionId, events, decided.at(-1)!.after);
    }
    for (const record of this.parkings) store.applyParking(this.partition, record);
    for (const timerId of this.timersDone) store.forgetTimer(timerId);
  }
}
