import type { PurchaseEvent } from '@mp/contracts';
import { fold, stateOf, statusOf } from '@mp/purchase-machine';

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

/** Folds the history with the orchestrator's own fold: the state support searches by is the state that ran. */
export function summarize(
  transactionId: string,
  events: readonly PurchaseEvent[],
): PurchaseSummary {
  const snapshot = fold(events);
  const { context } = snapshot;
  return {
    transactionId,
    flow: context.flow,
    state: stateOf(snapshot),
    status: statusOf(snapshot),
    eventCount: events.length,
    startedAt: events[0]?.metadata.occurredAt ?? null,
    updatedAt: events.at(-1)?.metadata.occurredAt ?? null,
    timer: pendingTimer(events),
    iccids: iccidsOf(events, [
      context.profile?.iccid,
      ...context.formerProfiles.map((profile) => profile.iccid),
    ]),
  };
}

function pendingTimer(events: readonly PurchaseEvent[]): PurchaseSummary['timer'] {
  const pending = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'TimerScheduled') pending.set(event.data.timerId, event.data.dueAt);
    else if (event.type === 'TimerFired' || event.type === 'TimerCancelled')
      pending.delete(event.data.timerId);
  }
  const [first] = [...pending].sort(([, a], [, b]) => Date.parse(a) - Date.parse(b));
  return first === undefined ? null : { timerId: first[0], dueAt: first[1] };
}

/** Every ICCID the purchase's events name (reservations, reports, the portal's own), and its profiles'. */
function iccidsOf(
  events: readonly PurchaseEvent[],
  known: readonly (string | undefined)[],
): readonly string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'iccid' && typeof inner === 'string' && inner !== '') found.add(inner);
      else visit(inner, depth + 1);
    }
  };
  for (const event of events) visit(event.data, 0);
  for (const iccid of known) if (iccid !== undefined && iccid !== '') found.add(iccid);
  return [...found].sort();
}
