import type { PurchaseEvent } from '@mp/contracts';
import {
  initialSnapshot,
  stateOf,
  statusOf,
  step,
  type PurchaseSnapshot,
} from '@mp/purchase-machine';

/** What search needs of one purchase, derived from its events only. */
export interface PurchaseSummary {
  readonly transactionId: string;
  readonly flow: string | null;
  readonly state: string;
  readonly status: string;
  readonly eventCount: number;
  readonly startedAt: string | null;
  readonly updatedAt: string | null;
  /** The earliest timer scheduled and neither fired nor cancelled. */
  readonly timer: { readonly timerId: string; readonly dueAt: string } | null;
  readonly iccids: readonly string[];
}

/**
 * A summary's fold over a purchase's indexed events in sequence order, so that the indexer can step it on with a
 * batch's events instead of reading the history back (KeptFolds, ADR 0033). Never changed in place.
 */
export interface SummaryFold {
  readonly snapshot: PurchaseSnapshot;
  readonly eventCount: number;
  readonly lastSequence: number;
  readonly startedAt: string | null;
  readonly updatedAt: string | null;
  /** Timers scheduled and neither fired nor cancelled, in the order they were first scheduled. */
  readonly pending: ReadonlyMap<string, string>;
  /** ICCIDs the events' data name. */
  readonly named: ReadonlySet<string>;
}

export function emptySummaryFold(): SummaryFold {
  return {
    snapshot: initialSnapshot(),
    eventCount: 0,
    lastSequence: 0,
    startedAt: null,
    updatedAt: null,
    pending: new Map(),
    named: new Set(),
  };
}

/** The fold with `events` (of later sequences, in sequence order) after it; `fold` is left as it was. */
export function foldSummary(fold: SummaryFold, events: readonly PurchaseEvent[]): SummaryFold {
  if (events.length === 0) return fold;
  const pending = new Map(fold.pending);
  const named = new Set(fold.named);
  let snapshot = fold.snapshot;
  for (const event of events) {
    // The orchestrator's own fold: the state support searches by is the state that ran.
    snapshot = step(snapshot, event).snapshot;
    if (event.type === 'TimerScheduled') pending.set(event.data.timerId, event.data.dueAt);
    else if (event.type === 'TimerFired' || event.type === 'TimerCancelled')
      pending.delete(event.data.timerId);
    visitIccids(event.data, 0, named);
  }
  return {
    snapshot,
    eventCount: fold.eventCount + events.length,
    lastSequence: events.at(-1)!.metadata.sequence,
    startedAt: fold.startedAt ?? events[0]!.metadata.occurredAt,
    updatedAt: events.at(-1)!.metadata.occurredAt,
    pending,
    named,
  };
}

export function summaryOf(transactionId: string, fold: SummaryFold): PurchaseSummary {
  const { snapshot } = fold;
  const { context } = snapshot;
  const iccids = new Set(fold.named);
  for (const iccid of [
    context.profile?.iccid,
    ...context.formerProfiles.map((profile) => profile.iccid),
  ])
    if (iccid !== undefined && iccid !== '') iccids.add(iccid);
  const [first] = [...fold.pending].sort(([, a], [, b]) => Date.parse(a) - Date.parse(b));
  return {
    transactionId,
    flow: context.flow,
    state: stateOf(snapshot),
    status: statusOf(snapshot),
    eventCount: fold.eventCount,
    startedAt: fold.startedAt,
    updatedAt: fold.updatedAt,
    timer: first === undefined ? null : { timerId: first[0], dueAt: first[1] },
    iccids: [...iccids].sort(),
  };
}

/** The summary of a whole history, oldest first. */
export function summarize(
  transactionId: string,
  events: readonly PurchaseEvent[],
): PurchaseSummary {
  return summaryOf(transactionId, foldSummary(emptySummaryFold(), events));
}

/** Every ICCID an event's data names (reservations, reports, the portal's own). */
function visitIccids(value: unknown, depth: number, found: Set<string>): void {
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'iccid' && typeof inner === 'string' && inner !== '') found.add(inner);
    else visitIccids(inner, depth + 1, found);
  }
}
