import { type PurchaseEvent, type SmdpProfileState } from '@mp/contracts';
import {
  type PendingCalls,
  type ProfileRecord,
  type PurchaseContext,
  type UnsettledDownloadOrder,
} from './purchase.context';

/**
 * The facts each event adds to the context, whatever the state. Obligations (what the purchase owes next) are
 * set by the machine's transitions, not here, because they depend on the state the event arrives in.
 */
export function evolve(context: PurchaseContext, event: PurchaseEvent): PurchaseContext {
  const base = {
    ...context,
    transactionId: context.transactionId ?? event.metadata.transactionId,
    sequence: event.metadata.sequence,
    updatedAt: event.metadata.occurredAt,
  };
  switch (event.type) {
    case 'PurchaseAccepted': {
      const { data } = event;
      return {
        ...base,
        flow: data.flow,
        settings: data.settings,
        purchase: data,
        metadata: data.purchaseMetadata,
        startedAt: event.metadata.occurredAt,
        eid: data.eid,
        profileType: data.profileType,
        connectivity: data.flow === 'asyncConnectivity' ? 'pending' : 'notRequired',
      };
    }
    case 'PurchaseCancelled':
      return {
        ...base,
        flow: context.flow ?? 'cancelled',
        settings: context.settings ?? event.data.settings,
        metadata: event.data.purchaseMetadata,
      };
    case 'PurchaseFailed': {
      const { cause } = event.data;
      const pending =
        cause.source === 'smdp' ? resolve(context.pending, cause.function, '') : context.pending;
      const unknownOutcome =
        cause.source === 'smdp' &&
        cause.function === 'downloadOrder' &&
        cause.failure.kind === 'unavailable';
      return {
        ...base,
        flow: context.flow ?? 'failed',
        settings: context.settings ?? event.data.settings,
        metadata: event.data.purchaseMetadata,
        pending,
        unsettledDownloadOrder: unknownOutcome
          ? unsettle(context, context.pending.downloadOrder)
          : context.unsettledDownloadOrder,
      };
    }
    case 'ProfileReserved':
      return {
        ...base,
        profile: {
          iccid: event.data.iccid,
          eid: event.data.eid,
          matchingId: null,
          smdpAddress: null,
          state: 'Linked',
        },
        connectivity: context.connectivity === 'provisioned' ? 'pending' : context.connectivity,
        pending: resolve(context.pending, 'downloadOrder', ''),
        unsettledDownloadOrder: settledBy(context, event.data.functionCallIdentifier),
      };
    case 'ProfileConfirmed':
      return {
        ...base,
        profile: updateProfile(context.profile, event.data.iccid, (profile) => ({
          ...profile,
          matchingId: event.data.matchingId,
          smdpAddress: event.data.smdpAddress,
          state: unlessCancelled(profile.state, event.data.released ? 'Released' : 'Confirmed'),
        })),
        pending: resolve(context.pending, 'confirmOrder', ''),
      };
    case 'ProfileReleased':
      return {
        ...base,
        profile: updateProfile(context.profile, event.data.iccid, (profile) => ({
          ...profile,
          state: unlessCancelled(profile.state, 'Released'),
        })),
        pending: resolve(context.pending, 'releaseProfile', ''),
      };
    case 'ProfileOrderCancelled': {
      const cancel = (profile: ProfileRecord): ProfileRecord => ({
        ...profile,
        state: 'Available',
      });
      return {
        ...base,
        profile: updateProfile(context.profile, event.data.iccid, cancel),
        formerProfiles: context.formerProfiles.map((profile) =>
          profile.iccid === event.data.iccid ? cancel(profile) : profile,
        ),
        pending: resolve(context.pending, 'cancelOrder', event.data.functionCallIdentifier),
      };
    }
    case 'SmdpCallFailed':
      return {
        ...base,
        pending: resolve(context.pending, event.data.function, event.data.functionCallIdentifier),
        unsettledDownloadOrder:
          event.data.function === 'downloadOrder'
            ? afterFailedDownloadOrder(context, event.data)
            : context.unsettledDownloadOrder,
      };
    case 'TimerScheduled': {
      const { timerId, dueAt, purpose } = event.data;
      return { ...base, timers: { ...context.timers, [purpose]: { timerId, dueAt } } };
    }
    case 'TimerFired': {
      const { purpose } = event.data;
      const overdue = purpose === 'connectivityDeadline' && context.connectivity === 'pending';
      const unsettled = context.unsettledDownloadOrder;
      return {
        ...base,
        timers: { ...context.timers, [purpose]: null },
        connectivity: overdue ? 'overdue' : context.connectivity,
        unsettledDownloadOrder:
          purpose === 'downloadOrderReconciliation' && unsettled !== null
            ? { ...unsettled, attempts: unsettled.attempts + 1, asking: true }
            : unsettled,
      };
    }
    case 'TimerCancelled':
      return { ...base, timers: { ...context.timers, [event.data.purpose]: null } };
    case 'DirectiveIssued':
      return { ...base, directive: event.data.directive, directiveDue: null };
    case 'DownloadProgressReported': {
      const next = event.data.profileState;
      return next === null
        ? base
        : {
            ...base,
            profile: updateProfile(context.profile, event.data.iccid, (p) => ({
              ...p,
              state: next,
            })),
          };
    }
    case 'ConnectivityProvisioned':
      return { ...base, connectivity: 'provisioned' };
    case 'LpaErrorReported':
      return evolveLpaReport(
        { ...base, lpaReports: context.lpaReports + 1 },
        event.data.remediation,
      );
    case 'OperationContextReported':
      return { ...base, operationContext: event.data.operationContext };
    case 'ActivationResultReported':
    case 'RegistrationStateChanged':
    case 'InstallationConfirmedByApp':
    case 'CommandRejected':
      return base;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/**
 * ADR 0028: the DownloadOrder `functionCallIdentifier` ended without an answer; the SM-DP+ may hold a profile for
 * it. Purchases recorded before reconciliation existed (no setting) keep deciding as they did.
 */
function unsettle(
  context: PurchaseContext,
  functionCallIdentifier: string | null,
): UnsettledDownloadOrder | null {
  if (functionCallIdentifier === null || !context.settings?.downloadOrderReconciliation)
    return context.unsettledDownloadOrder;
  return {
    functionCallIdentifier,
    eid: context.eid ?? '',
    profileType: context.profileType ?? '',
    attempts: 0,
    asking: false,
  };
}

/** An answer to the unsettled DownloadOrder's identifier says what the SM-DP+ did: nothing is unknown any more. */
function settledBy(
  context: PurchaseContext,
  functionCallIdentifier: string,
): UnsettledDownloadOrder | null {
  const unsettled = context.unsettledDownloadOrder;
  return unsettled?.functionCallIdentifier === functionCallIdentifier ? null : unsettled;
}

/**
 * A DownloadOrder that failed after the purchase stopped waiting for it (a re-ask, or the first call of a purchase
 * cancelled meanwhile). `Failed` is an answer (nothing allocated under that identifier); `unavailable` still is not.
 */
function afterFailedDownloadOrder(
  context: PurchaseContext,
  data: Extract<PurchaseEvent, { type: 'SmdpCallFailed' }>['data'],
): UnsettledDownloadOrder | null {
  const unsettled = context.unsettledDownloadOrder;
  const { functionCallIdentifier, failure } = data;
  if (unsettled?.functionCallIdentifier === functionCallIdentifier) {
    return failure.kind === 'failed' ? null : { ...unsettled, asking: false };
  }
  if (failure.kind === 'unavailable' && context.pending.downloadOrder === functionCallIdentifier)
    return unsettle(context, functionCallIdentifier);
  return unsettled;
}

function evolveLpaReport(
  context: PurchaseContext,
  remediation: Extract<PurchaseEvent, { type: 'LpaErrorReported' }>['data']['remediation'],
): PurchaseContext {
  if (remediation.kind !== 'reorder' || context.profile === null) return context;
  return {
    ...context,
    formerProfiles: [...context.formerProfiles, context.profile],
    profile: null,
    eid: remediation.eid,
    profileType: remediation.profileType,
    releaseNow: true,
  };
}

function updateProfile(
  profile: ProfileRecord | null,
  iccid: string,
  change: (profile: ProfileRecord) => ProfileRecord,
): ProfileRecord | null {
  return profile !== null && profile.iccid === iccid ? change(profile) : profile;
}

// A late success of a call overtaken by CancelOrder must not resurrect the profile.
function unlessCancelled(current: SmdpProfileState, next: SmdpProfileState): SmdpProfileState {
  return current === 'Available' ? current : next;
}

function resolve(
  pending: PendingCalls,
  fn: keyof PendingCalls,
  functionCallIdentifier: string,
): PendingCalls {
  if (fn === 'cancelOrder') {
    return {
      ...pending,
      cancelOrder: pending.cancelOrder.filter(
        (call) => call.functionCallIdentifier !== functionCallIdentifier,
      ),
    };
  }
  return { ...pending, [fn]: null };
}
