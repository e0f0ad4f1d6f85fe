import { addMinutes, addSeconds, latest } from '../ids/time';
import { type PurchaseContext } from '../machine/purchase.context';
import { earliestAppAttemptMinutes, latestAppAttemptMinutes } from './app-intervals';

/**
 * When the backend's own work is due, counted from the purchase's completion (`startedAt`), by the purchase's
 * recorded rules (D23; ADR 0014). Times are never in the past: `at` is the deciding input's time.
 */
export function connectivityCompleteBy(context: PurchaseContext): string | null {
  const interval = context.purchase?.networkRegistrationIntervalMinutes;
  if (interval == null || context.startedAt === null) return null;
  return addMinutes(context.startedAt, earliestAppAttemptMinutes(interval, rounding(context)));
}

/** The device may try the delayed download at its earliest attempt; the release is due a lead time before. */
export function releaseDueAt(context: PurchaseContext, at: string): string {
  const delay = context.purchase?.downloadDelayMinutes ?? 0;
  const lead = context.settings?.releaseLeadTimeMinutes ?? 0;
  const earliest = earliestAppAttemptMinutes(delay, rounding(context));
  return latest(addMinutes(context.startedAt ?? at, earliest - lead), addMinutes(at, 0));
}

/**
 * The device has the activation code (and the profile is released) from `at`; a delayed download only starts once
 * the app's own delay has passed. The confirmation is due the configured timeout after that; null: no deadline.
 */
export function confirmationDueAt(context: PurchaseContext, at: string): string | null {
  const timeout = context.settings?.confirmationTimeoutSeconds ?? null;
  if (timeout === null) return null;
  const delay =
    context.flow === 'delayedProfile' && !context.releaseNow
      ? latestAppAttemptMinutes(context.purchase?.downloadDelayMinutes ?? 0, rounding(context))
      : 0;
  const start = latest(addMinutes(context.startedAt ?? at, delay), addMinutes(at, 0));
  return addSeconds(start, timeout);
}

/** ADR 0028: the next re-ask of an unsettled DownloadOrder, the delay doubling with each re-ask already made. */
export function reconciliationDueAt(context: PurchaseContext, at: string): string | null {
  const reconciliation = context.settings?.downloadOrderReconciliation ?? null;
  const unsettled = context.unsettledDownloadOrder;
  if (reconciliation === null || unsettled === null) return null;
  return addSeconds(at, reconciliation.delaySeconds * 2 ** unsettled.attempts);
}

function rounding(context: PurchaseContext) {
  return context.settings?.appIntervalRounding ?? 'none';
}
