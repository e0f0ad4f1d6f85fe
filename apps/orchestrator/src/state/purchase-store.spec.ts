import { type ParkingRecord, type PurchaseEvent } from '@mp/contracts';
import { emptyDeciderState, foldState } from '@mp/purchase-machine';
import { ICCID } from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { BatchWork } from '../processing/batch-work';
import {
  balanceAdditionDecisions,
  type Decided,
  inlineDecisions,
} from '../testing/decisions.fixture';
import { readSnapshot } from './purchase-snapshot';
import { PurchaseStore, UnreadableHistoryError } from './purchase-store';

const decisions = () => inlineDecisions('tx-store');

const all = (decided: readonly Decided[]) => decided.flatMap((decision) => decision.events);

const at = '2026-12-03T07:00:00.000Z';
const input = { source: { topic: 'inputs', partition: 0, offset: '1', key: null }, value: '{}' };
const parked = (transactionId: string, sequence = 1): ParkingRecord => ({
  kind: 'parked',
  transactionId,
  sequence,
  at,
  error: { code: 'BOOM', message: 'failed' },
  attempts: 3,
  input,
});

function expectFoldOf(store: PurchaseStore, events: readonly PurchaseEvent[]): void {
  const kept = store.state('tx-store');
  const folded = foldState(events);
  expect(kept.snapshot.value).toEqual(folded.snapshot.value);
  expect(kept.snapshot.context).toEqual(folded.snapshot.context);
  expect(kept.answered).toEqual(folded.answered);
}

/** Commits the decisions as the orchestrator does: through a batch's work, then into the store. */
function commit(
  store: PurchaseStore,
  decided: readonly Decided[],
  partition = 0,
  transactionId = 'tx-store',
): void {
  const work = new BatchWork(store, partition);
  for (const { events, after } of decided) work.appendDecision(transactionId, events, after);
  work.applyTo(store);
}

/** The store's snapshot of the purchase as the changelog carries it: JSON, read back. */
function throughJson(store: PurchaseStore, transactionId = 'tx-store') {
  const read = readSnapshot(JSON.parse(JSON.stringify(store.snapshot(transactionId))));
  if (!read.ok) throw new Error(read.reason);
  return read.snapshot;
}

describe('PurchaseStore keeps the live purchases of its partitions (ADR 0031, ADR 0032)', () => {
  it('takes a committed decision as it was decided', () => {
    const store = new PurchaseStore();
    const decided = decisions();
    commit(store, decided);
    expect(store.state('tx-store')).toBe(decided.at(-1)!.after);
    expectFoldOf(store, all(decided));
    expect(store.ownerOfIccid(ICCID)).toBe('tx-store');
  });

  it('restores from its snapshot exactly what a fold of the log gives, timers and ICCIDs included', () => {
    const decided = inlineDecisions('tx-store', 'reserved');
    const written = new PurchaseStore();
    commit(written, decided);
    const rebuilt = new PurchaseStore();
    for (const event of all(decided)) rebuilt.applyEvent(0, event);
    const restored = new PurchaseStore();
    restored.restore(0, throughJson(written));
    expect(throughJson(restored)).toEqual(throughJson(rebuilt));
    expectFoldOf(restored, all(decided));
    expect(restored.size()).toMatchObject({ purchases: 1, timers: rebuilt.size().timers });
    expect(restored.ownerOfIccid(ICCID)).toBe('tx-store');
  });

  it('carries parking in the snapshot, and counts the purchases parked now', () => {
    const store = new PurchaseStore();
    store.applyParking(0, parked('tx-a'));
    store.applyParking(0, parked('tx-b'));
    store.applyParking(0, { kind: 'held', transactionId: 'tx-b', sequence: 2, at, input });
    expect(store.size().parked).toBe(2);
    const restored = new PurchaseStore();
    restored.restore(0, throughJson(store, 'tx-b'));
    expect(restored.parked('tx-b')?.held).toHaveLength(2);
    expect(restored.lastParkingSequence('tx-b')).toBe(2);
    expect(restored.size().parked).toBe(1);
    store.applyParking(0, {
      kind: 'released',
      transactionId: 'tx-a',
      sequence: 2,
      at,
      redriveId: 'redrive-1',
      requestedBy: 'support',
      reason: 'fixed',
    });
    expect(store.size().parked).toBe(1);
  });

  it('makes a history with a gap unreadable: its decisions fail, and its snapshot says why', () => {
    const store = new PurchaseStore();
    const events = all(decisions());
    store.applyEvent(0, events[0]!);
    store.applyEvent(0, events[2]!);
    expect(() => store.state('tx-store')).toThrow(UnreadableHistoryError);
    expect(() => store.state('tx-store')).toThrow('event 3 follows 1: the history has a gap');
    const restored = new PurchaseStore();
    restored.restore(0, throughJson(store));
    expect(() => restored.state('tx-store')).toThrow('event 3 follows 1: the history has a gap');
  });

  it('lists due timers of the given partitions in due order', () => {
    const store = new PurchaseStore();
    const events = all(decisions());
    for (const event of events) store.applyEvent(1, event);
    const scheduled = events.flatMap((event) =>
      event.type === 'TimerScheduled' ? [event.data] : [],
    );
    expect(scheduled.length).toBeGreaterThan(0);
    const latest = Math.max(...scheduled.map((timer) => Date.parse(timer.dueAt)));
    expect(store.dueTimers(latest, new Set([0]))).toEqual([]);
    expect(store.dueTimers(latest, new Set([1])).map((timer) => timer.timerId)).toEqual(
      [...scheduled]
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
        .map((timer) => timer.timerId),
    );
  });

  it('drops a released partition, timers too, and keeps every partition in the ICCID index', () => {
    const store = new PurchaseStore();
    commit(store, inlineDecisions('tx-store'), 2);
    store.applyParking(3, parked('tx-other'));
    expect(store.size().timers).toBeGreaterThan(0);
    store.dropPartition(2);
    expect(store.size()).toMatchObject({ purchases: 1, timers: 0, parked: 1 });
    expect(store.ownerOfIccid(ICCID)).toBe('tx-store');
    expect(store.state('tx-store')).toEqual(emptyDeciderState());
  });

  it('evicts only an ended purchase that has been quiet long enough, with no timer and not parked', () => {
    const store = new PurchaseStore();
    const completed = balanceAdditionDecisions('tx-store');
    commit(store, completed);
    const last = Date.parse(all(completed).at(-1)!.metadata.occurredAt);
    const evictable = (partition: number, nowMs: number) =>
      store.evictable(partition, nowMs, 1000, 10);
    expect(evictable(0, last + 999)).toEqual([]);
    expect(evictable(1, last + 1000)).toEqual([]);
    expect(evictable(0, last + 1000)).toEqual(['tx-store']);

    // Waiting for its download report, with its deadline timer pending: never, however long it waits.
    const waiting = inlineDecisions('tx-waiting');
    commit(store, waiting, 0, 'tx-waiting');
    expect(store.size().timers).toBeGreaterThan(0);
    expect(evictable(0, last + 10 ** 12)).toEqual(['tx-store']);

    store.applyParking(0, parked('tx-store'));
    expect(evictable(0, last + 1000)).toEqual([]);
    store.evict('tx-store');
    expect(store.holds('tx-store')).toBe(false);
    expect(store.size()).toMatchObject({ purchases: 1, parked: 0 });
  });
});
