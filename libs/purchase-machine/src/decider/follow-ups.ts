import { type TimerPurpose } from '@mp/contracts';
import {
  confirmationDueAt,
  connectivityCompleteBy,
  reconciliationDueAt,
  releaseDueAt,
} from '../deadlines/purchase-deadlines';
import { buildDirective } from '../directive/directive.builder';
import { directiveRequestOf } from '../directive/directive-request.mapper';
import { timerId } from '../ids/deterministic-ids';
import { latest } from '../ids/time';
import { type PurchaseContext } from '../machine/purchase.context';
import { type EventDraft, type PurchaseSnapshot } from './decision.types';

const ended = new Set(['completed', 'cancelled', 'failed']);

/**
 * What the purchase owes after the input's own facts: a timer to start or stop, a directive to issue. These are
 * events, so the log says when a timer was due and what the portal was told; they are computed here because they
 * need the input's time and the folded state, which the machine's transitions do not compute. One per call, in
 * this order: stale timers go first, the release timer before the directive it precedes, the deadlines after.
 */
export function nextFollowUp(
  snapshot: PurchaseSnapshot,
  at: string,
  nextSequence: number,
): EventDraft | null {
  const { context } = snapshot;
  const state = String(snapshot.value);
  const wanted = wantedTimers(context, state);
  for (const purpose of purposes) {
    const pending = context.timers[purpose];
    if (pending !== null && !wanted[purpose]) {
      return { type: 'TimerCancelled', data: { timerId: pending.timerId, purpose } };
    }
  }
  // The due time is computed only for a timer to schedule: date arithmetic on every follow-up round was a steady
  // share of a decision's CPU (issue 15).
  const schedule = (purpose: TimerPurpose, due: () => string | null): EventDraft | null => {
    if (!wanted[purpose] || context.timers[purpose] !== null) return null;
    const dueAt = due();
    if (dueAt === null) return null;
    const id = timerId(context.transactionId ?? '', purpose, nextSequence);
    return { type: 'TimerScheduled', data: { timerId: id, purpose, dueAt } };
  };
  const release = schedule('releaseProfile', () => releaseDueAt(context, at));
  if (release !== null) return release;
  if (context.directiveDue !== null) {
    const request = directiveRequestOf(context, context.directiveDue);
    if (request !== null) {
      return {
        type: 'DirectiveIssued',
        data: { directive: buildDirective(request), reason: context.directiveDue },
      };
    }
  }
  return (
    schedule('confirmationDeadline', () => confirmationDueAt(context, at)) ??
    schedule('connectivityDeadline', () => {
      const completeBy = connectivityCompleteBy(context);
      return completeBy === null ? null : latest(completeBy, at);
    }) ??
    schedule('downloadOrderReconciliation', () => reconciliationDueAt(context, at))
  );
}

const purposes: readonly TimerPurpose[] = [
  'releaseProfile',
  'confirmationDeadline',
  'connectivityDeadline',
  'downloadOrderReconciliation',
];

/** Which timers the purchase should have running in this state (ADR 0014). */
function wantedTimers(context: PurchaseContext, state: string): Record<TimerPurpose, boolean> {
  return {
    releaseProfile: state === 'awaitingRelease',
    confirmationDeadline: state === 'awaitingDownload',
    // From the first reservation (the network was asked then) until provisioned; a re-order keeps the deadline.
    connectivityDeadline:
      context.connectivity === 'pending' &&
      (context.profile !== null || context.formerProfiles.length > 0) &&
      !ended.has(state),
    // ADR 0028: after the end, between re-asks of a DownloadOrder nobody knows the outcome of, while any are left.
    downloadOrderReconciliation:
      ended.has(state) &&
      context.unsettledDownloadOrder !== null &&
      !context.unsettledDownloadOrder.asking &&
      context.unsettledDownloadOrder.attempts <
        (context.settings?.downloadOrderReconciliation?.maxAttempts ?? 0),
  };
}
