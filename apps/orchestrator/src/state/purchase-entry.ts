import type { HeldInput, ParkingRecord, PurchaseEvent } from '@mp/contracts';
import {
  advanceState,
  emptyDeciderState,
  persistedState,
  restoredState,
  type PersistedDeciderState,
  stateOf,
  type DeciderState,
} from '@mp/purchase-machine';
import { machineVersion } from './machine-version';
import type { PurchaseSnapshot } from './purchase-snapshot';

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

/** One purchase as the store holds it: what a decision reads, and what its snapshot carries (ADR 0032). */
export interface PurchaseEntry {
  readonly transactionId: string;
  readonly partition: number;
  /** The fold of the events applied so far but `unfolded` (ADR 0031): all a decision reads. */
  state: DeciderState;
  /**
   * A restored state not read yet: its JSON, made the machine's state at the purchase's first decision. Most live
   * purchases restored at a claim are not decided for a while, and as text a state takes a third of the memory.
   */
  restored: { readonly json: string; readonly stateName: string } | null;
  /**
   * Events read from the log and not folded yet (a partition rebuilt from the log, ADR 0032): folded when the
   * purchase is next decided or snapshotted, so a rebuild pays a push per event, not a machine step.
   */
  unfolded: PurchaseEvent[];
  /** Sequence of the last event applied (folded or not): the next one must be one more. */
  sequence: number;
  /** Why this history cannot be read by this version (an event it cannot parse, a gap); decisions fail on it. */
  unreadable: string | null;
  parkingSequence: number;
  parked: ParkedPurchase | null;
  /** Its timers not fired or cancelled yet, by id. */
  timers: Map<string, PendingTimer>;
  /** Every ICCID it has reserved (an LPA error for any of them is its own). */
  iccids: string[];
  lastEventAt: string | null;
}

export const TERMINAL_STATES: ReadonlySet<string> = new Set(['completed', 'cancelled', 'failed']);

export function newEntry(transactionId: string, partition: number): PurchaseEntry {
  return {
    transactionId,
    partition,
    state: emptyDeciderState(),
    restored: null,
    unfolded: [],
    sequence: 0,
    unreadable: null,
    parkingSequence: 0,
    parked: null,
    timers: new Map(),
    iccids: [],
    lastEventAt: null,
  };
}

/** A copy to change: a batch's decisions build the entry they lead to without touching the stored one. */
export function copyEntry(entry: PurchaseEntry): PurchaseEntry {
  return {
    ...entry,
    unfolded: [...entry.unfolded],
    timers: new Map(entry.timers),
    iccids: [...entry.iccids],
  };
}

/** Folds the events read but not folded yet; an event the machine cannot take makes the history unreadable. */
export function foldPending(entry: PurchaseEntry): void {
  if (entry.restored !== null) {
    entry.state = restoredState(JSON.parse(entry.restored.json) as PersistedDeciderState);
    entry.restored = null;
  }
  if (entry.unreadable !== null || entry.unfolded.length === 0) return;
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

/**
 * What an event says beside the machine's state: the purchase's timers, its ICCIDs, when it last changed. Applied
 * to every event the entry takes, read from the log or decided here.
 */
export function indexEvent(entry: PurchaseEntry, event: PurchaseEvent): void {
  entry.sequence = event.metadata.sequence;
  entry.lastEventAt = event.metadata.occurredAt;
  if (event.metadata.causationId.startsWith('timer:')) {
    entry.timers.delete(event.metadata.causationId.slice('timer:'.length));
  }
  if (event.type === 'ProfileReserved') {
    if (!entry.iccids.includes(event.data.iccid)) entry.iccids.push(event.data.iccid);
  } else if (event.type === 'TimerScheduled') {
    const { timerId, dueAt } = event.data;
    entry.timers.set(timerId, timer(entry, timerId, dueAt));
  } else if (event.type === 'TimerFired' || event.type === 'TimerCancelled') {
    entry.timers.delete(event.data.timerId);
  }
}

/** A parking record applied once, in order (a record out of order changes nothing). */
export function applyParkingRecord(entry: PurchaseEntry, record: ParkingRecord): void {
  if (record.sequence !== entry.parkingSequence + 1) return;
  entry.parkingSequence = record.sequence;
  entry.parked = nextParked(entry.parked, record);
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

/**
 * Whether the purchase may leave memory at `nowMs` (ADR 0032): ended (completed, cancelled, failed) for at least
 * `afterMs`, with no timer to fire and nothing parked. A history that cannot be read stays, for support to see.
 */
export function isEvictable(entry: PurchaseEntry, nowMs: number, afterMs: number): boolean {
  if (entry.timers.size > 0 || entry.parked !== null || entry.lastEventAt === null) return false;
  // A restored state is not made the machine's just to be looked at.
  if (entry.restored === null) foldPending(entry);
  const name = entry.restored?.stateName ?? stateOf(entry.state.snapshot);
  if (entry.unreadable !== null || !TERMINAL_STATES.has(name)) return false;
  return Date.parse(entry.lastEventAt) + afterMs <= nowMs;
}

export function toSnapshot(entry: PurchaseEntry): PurchaseSnapshot {
  const { restored } = entry;
  if (restored === null || entry.unfolded.length > 0) foldPending(entry);
  const state =
    entry.restored !== null
      ? (JSON.parse(entry.restored.json) as PersistedDeciderState)
      : persistedState(entry.state);
  return {
    machine: machineVersion(),
    transactionId: entry.transactionId,
    sequence: entry.sequence,
    state: entry.unreadable === null ? state : null,
    unreadable: entry.unreadable,
    parkingSequence: entry.parkingSequence,
    parked: entry.parked,
    timers: [...entry.timers.values()].map(({ timerId, dueAt }) => ({ timerId, dueAt })),
    iccids: entry.iccids,
    lastEventAt: entry.lastEventAt,
  };
}

export function fromSnapshot(snapshot: PurchaseSnapshot, partition: number): PurchaseEntry {
  const entry = newEntry(snapshot.transactionId, partition);
  if (snapshot.state !== null) {
    const { value } = snapshot.state;
    const stateName = typeof value === 'string' ? value : JSON.stringify(value);
    entry.restored = { json: JSON.stringify(snapshot.state), stateName };
  }
  entry.sequence = snapshot.sequence;
  entry.unreadable = snapshot.state === null ? (snapshot.unreadable ?? 'no state') : null;
  entry.parkingSequence = snapshot.parkingSequence;
  entry.parked = snapshot.parked;
  for (const { timerId, dueAt } of snapshot.timers) {
    entry.timers.set(timerId, timer(entry, timerId, dueAt));
  }
  entry.iccids = [...snapshot.iccids];
  entry.lastEventAt = snapshot.lastEventAt;
  return entry;
}

function timer(entry: PurchaseEntry, timerId: string, dueAt: string): PendingTimer {
  return {
    timerId,
    transactionId: entry.transactionId,
    partition: entry.partition,
    dueAt,
    dueAtMs: Date.parse(dueAt),
  };
}
