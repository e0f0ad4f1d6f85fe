import { buildDirective } from '../directive/directive.builder';
import { directiveRequestOf } from '../directive/directive-request.mapper';
import { timerId } from '../ids/deterministic-ids';
import { addMinutes, latest } from '../ids/time';
import { type EventDraft, type PurchaseSnapshot } from './decision.types';

/**
 * What the purchase owes after the input's own facts: a release timer to start or stop, a directive to issue.
 * These are events, so the log says when a timer was due and what the portal was told; they are computed here
 * because they need the input's time and the folded state, which the machine's transitions do not compute.
 */
export function nextFollowUp(
  snapshot: PurchaseSnapshot,
  at: string,
  nextSequence: number,
): EventDraft | null {
  const { context } = snapshot;
  const waitingForRelease = snapshot.value === 'awaitingRelease';
  if (context.releaseTimer !== null && !waitingForRelease) {
    return {
      type: 'TimerCancelled',
      data: { timerId: context.releaseTimer.timerId, purpose: 'releaseProfile' },
    };
  }
  if (waitingForRelease && context.releaseTimer === null) {
    return {
      type: 'TimerScheduled',
      data: {
        timerId: timerId(context.transactionId ?? '', 'releaseProfile', nextSequence),
        purpose: 'releaseProfile',
        dueAt: releaseDueAt(snapshot, at),
      },
    };
  }
  if (context.directiveDue !== null) {
    const request = directiveRequestOf(context, context.directiveDue);
    if (request !== null) {
      return {
        type: 'DirectiveIssued',
        data: { directive: buildDirective(request), reason: context.directiveDue },
      };
    }
  }
  return null;
}

/**
 * D23: the device may try at completion + downloadDelay (the raw minutes, before its own rounding), so the
 * release is due a recorded lead time before that, and never in the past.
 */
function releaseDueAt(snapshot: PurchaseSnapshot, at: string): string {
  const { startedAt, purchase, settings } = snapshot.context;
  const delay = purchase?.downloadDelayMinutes ?? 0;
  const lead = settings?.releaseLeadTimeMinutes ?? 0;
  return latest(addMinutes(startedAt ?? at, delay - lead), addMinutes(at, 0));
}
