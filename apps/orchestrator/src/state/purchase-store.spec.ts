import { type PurchaseEvent } from '@mp/contracts';
import { emptyDeciderState, foldState } from '@mp/purchase-machine';
import { ICCID } from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { type Decided, inlineDecisions } from '../testing/decisions.fixture';
import { PurchaseStore, UnreadableHistoryError } from './purchase-store';

const decisions = () => inlineDecisions('tx-store');

const all = (decided: readonly Decided[]) => decided.flatMap((decision) => decision.events);

function expectFoldOf(store: PurchaseStore, events: readonly PurchaseEvent[]): void {
  const kept = store.state('tx-store');
  const folded = foldState(events);
  expect(kept.snapshot.value).toEqual(folded.snapshot.value);
  expect(kept.snapshot.context).toEqual(folded.snapshot.context);
  expect(kept.answered).toEqual(folded.answered);
}

describe('PurchaseStore keeps each purchase as the fold of its events (ADR 0031)', () => {
  it('takes a committed decision as it was decided, and ignores its echo from the log', () => {
    const store = new PurchaseStore();
    const decided = decisions();
    for (const { events, after } of decided) store.applyDecided(0, 'tx-store', events, after);
    expect(store.state('tx-store')).toBe(decided.at(-1)!.after);
    for (const event of all(decided)) store.applyEvent(0, event);
    expect(store.state('tx-store')).toBe(decided.at(-1)!.after);
    expectFoldOf(store, all(decided));
    expect(store.ownerOfIccid(ICCID)).toBe('tx-store');
  });

  it('folds the echo when it came first, wholly or in part, and does not apply a decision twice', () => {
    const store = new PurchaseStore();
    const decided = decisions();
    const events = all(decided);
    for (const event of events.slice(0, events.length - 1)) store.applyEvent(0, event);
    const last = decided.at(-1)!;
    store.applyDecided(0, 'tx-store', last.events, last.after);
    expectFoldOf(store, events);
    for (const { events: some, after } of decided) store.applyDecided(0, 'tx-store', some, after);
    expectFoldOf(store, events);
  });

  it('makes a history with a gap unreadable: its decisions fail', () => {
    const store = new PurchaseStore();
    const events = all(decisions());
    store.applyEvent(0, events[0]!);
    store.applyEvent(0, events[2]!);
    expect(() => store.state('tx-store')).toThrow(UnreadableHistoryError);
    expect(() => store.state('tx-store')).toThrow('event 3 follows 1: the history has a gap');
  });

  it('tells the records it holds by sequence, so that a reader can skip their echo unparsed', () => {
    const store = new PurchaseStore();
    const events = all(decisions());
    store.applyEvent(0, events[0]!);
    store.applyEvent(0, events[1]!);
    expect([1, 2, 3].map((sequence) => store.holdsEvent('tx-store', sequence))).toEqual([
      true,
      true,
      false,
    ]);
    expect(store.holdsEvent('tx-none', 1)).toBe(false);
    store.applyParking(0, {
      kind: 'released',
      transactionId: 'tx-store',
      sequence: 1,
      at: '2026-12-03T07:00:00.000Z',
      redriveId: 'redrive-1',
      requestedBy: 'support',
      reason: 'fixed',
    });
    expect([1, 2].map((sequence) => store.holdsParking('tx-store', sequence))).toEqual([
      true,
      false,
    ]);
  });

  it('counts the purchases parked now as parking records come, and lists due timers in due order', () => {
    const store = new PurchaseStore();
    const at = '2026-12-03T07:00:00.000Z';
    const input = {
      source: { topic: 'inputs', partition: 0, offset: '1', key: null },
      value: '{}',
    };
    const parked = (transactionId: string) => ({
      kind: 'parked' as const,
      transactionId,
      sequence: 1,
      at,
      error: { code: 'BOOM', message: 'failed' },
      attempts: 3,
      input,
    });
    store.applyParking(0, parked('tx-a'));
    store.applyParking(0, parked('tx-b'));
    store.applyParking(0, { kind: 'held', transactionId: 'tx-b', sequence: 2, at, input });
    expect(store.size().parked).toBe(2);
    store.applyParking(0, {
      kind: 'released',
      transactionId: 'tx-a',
      sequence: 2,
      at,
      redriveId: 'redrive-1',
      requestedBy: 'support',
      reason: 'fixed',
    });
    store.applyParking(0, parked('tx-a'));
    expect(store.size().parked).toBe(1);

    const events = all(decisions());
    for (const event of events) store.applyEvent(1, event);
    const scheduled = events.flatMap((event) =>
      event.type === 'TimerScheduled' ? [event.data] : [],
    );
    expect(scheduled.length).toBeGreaterThan(0);
    const latest = Math.max(...scheduled.map((timer) => Date.parse(timer.dueAt)));
    expect(store.dueTimers(latest, new Set([0]))).toEqual([]);
    expect(store.dueTimers(latest - 1, new Set([1])).map((timer) => timer.dueAt)).toEqual(
      scheduled
        .filter((timer) => Date.parse(timer.dueAt) <= latest - 1)
        .map((timer) => timer.dueAt),
    );
    expect(store.dueTimers(latest, new Set([1])).map((timer) => timer.timerId)).toEqual(
      [...scheduled]
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
        .map((timer) => timer.timerId),
    );
  });

  it('keeps no events: an unknown purchase starts from the empty state', () => {
    const store = new PurchaseStore();
    expect(store.state('tx-none')).toEqual(emptyDeciderState());
    expect(store.size()).toEqual({ purchases: 0, parked: 0, timers: 0 });
  });
});
