import {
  type DirectiveReason,
  type LpaRemediationKind,
  type PurchaseEffect,
  type PurchaseEvent,
  type TimerPurpose,
} from '@mp/contracts';
import { assign, setup } from 'xstate';
import { connectivityCompleteBy } from '../deadlines/purchase-deadlines';
import {
  cancelOrderRequest,
  confirmOrderRequest,
  downloadOrderRequest,
  reconcileDownloadOrderRequest,
  releaseProfileRequest,
} from './es2-requests';
import { evolve } from './purchase-context.evolve';
import { isCancellable, isHeldByDevice, type PurchaseContext } from './purchase.context';

/**
 * The vocabulary of the machine: `evolve` folds facts into the context, `effect` names something the host must do
 * (its params are the effect; the implementation is deliberately empty: the machine never performs I/O).
 */
const base = setup({
  types: { context: {} as PurchaseContext, events: {} as PurchaseEvent },
  actions: {
    evolve: assign(({ context, event }) => evolve(context, event)),
    effect: (_, _effect: PurchaseEffect) => undefined,
  },
  guards: {
    isBalanceAddition: ({ event }) =>
      event.type === 'PurchaseAccepted' && event.data.flow === 'balanceAddition',
    confirmedReleased: ({ event }) => event.type === 'ProfileConfirmed' && event.data.released,
    installed: ({ event }) =>
      event.type === 'DownloadProgressReported' && event.data.profileState === 'Installed',
    installedAwaitingConnectivity: ({ context, event }) =>
      event.type === 'DownloadProgressReported' &&
      event.data.profileState === 'Installed' &&
      context.connectivity === 'pending',
    installedConnectivityOverdue: ({ context, event }) =>
      event.type === 'DownloadProgressReported' &&
      event.data.profileState === 'Installed' &&
      context.connectivity === 'overdue',
    timerIs: ({ event }, params: { purpose: TimerPurpose }) =>
      event.type === 'TimerFired' && event.data.purpose === params.purpose,

    remediationIs: ({ event }, params: { kind: LpaRemediationKind }) =>
      event.type === 'LpaErrorReported' && event.data.remediation.kind === params.kind,
    // The user can still back out of a delayed download until the device has taken the profile.
    stillCancellable: ({ context }) =>
      context.flow === 'delayedProfile' && !isHeldByDevice(context.profile),
    failureAcceptable: ({ context, event }) =>
      event.type === 'PurchaseFailed' &&
      (event.data.cause.source !== 'portal' ||
        (context.flow === 'delayedProfile' && !isHeldByDevice(context.profile))),
  },
});

export const purchaseSetup = base.extend({
  actions: {
    owePortalFulfilment: base.assign(({ context }) => ({
      directiveDue: context.directive === null ? 'fulfilment' : 'reissue',
    })),
    owePortalCancellation: base.assign({ directiveDue: 'cancellation' as DirectiveReason }),
    owePortalFailure: base.assign({ directiveDue: 'failure' as DirectiveReason }),
    sendDownloadOrder: base.enqueueActions(({ context, event, enqueue }) => {
      const effect = downloadOrderRequest(context, event.metadata);
      enqueue.assign({
        pending: { ...context.pending, downloadOrder: effect.functionCallIdentifier },
      });
      enqueue({ type: 'effect', params: effect });
    }),
    sendConfirmOrder: base.enqueueActions(({ context, event, enqueue }) => {
      const effect = confirmOrderRequest(context, event.metadata);
      enqueue.assign({
        pending: { ...context.pending, confirmOrder: effect.functionCallIdentifier },
      });
      enqueue({ type: 'effect', params: effect });
    }),
    sendReleaseProfile: base.enqueueActions(({ context, event, enqueue }) => {
      if (context.profile === null) return;
      const effect = releaseProfileRequest(context.profile, event.metadata);
      enqueue.assign({
        pending: { ...context.pending, releaseProfile: effect.functionCallIdentifier },
      });
      enqueue({ type: 'effect', params: effect });
    }),
    // D24: only a profile the device has not taken goes back to the pool.
    sendCancelOrder: base.enqueueActions(({ context, event, enqueue }) => {
      if (!isCancellable(context.profile)) return;
      const effect = cancelOrderRequest(context.profile, event.metadata);
      const call = {
        functionCallIdentifier: effect.functionCallIdentifier,
        iccid: effect.request.iccid,
      };
      enqueue.assign({
        pending: { ...context.pending, cancelOrder: [...context.pending.cancelOrder, call] },
      });
      enqueue({ type: 'effect', params: effect });
    }),
    sendCancelFormerOrder: base.enqueueActions(({ context, event, enqueue }) => {
      const former = context.formerProfiles.at(-1) ?? null;
      if (!isCancellable(former)) return;
      const effect = cancelOrderRequest(former, event.metadata);
      const call = { functionCallIdentifier: effect.functionCallIdentifier, iccid: former.iccid };
      enqueue.assign({
        pending: { ...context.pending, cancelOrder: [...context.pending.cancelOrder, call] },
      });
      enqueue({ type: 'effect', params: effect });
    }),
    sendReconcileDownloadOrder: base.enqueueActions(({ context, enqueue }) => {
      if (context.unsettledDownloadOrder === null) return;
      enqueue({
        type: 'effect',
        params: reconcileDownloadOrderRequest(context.unsettledDownloadOrder),
      });
    }),
    // ADR 0028: the re-asks are spent and the SM-DP+ never answered; a person must look for the profile there.
    alertUnsettledDownloadOrder: base.enqueueActions(({ context, event, enqueue }) => {
      const unsettled = context.unsettledDownloadOrder;
      const limit = context.settings?.downloadOrderReconciliation?.maxAttempts ?? 0;
      if (event.type !== 'SmdpCallFailed' || unsettled === null) return;
      if (event.data.functionCallIdentifier !== unsettled.functionCallIdentifier) return;
      if (unsettled.asking || unsettled.attempts < limit) return;
      const message = `DownloadOrder ${unsettled.functionCallIdentifier} (EID ${unsettled.eid || 'none'}, type ${unsettled.profileType}) never answered after ${unsettled.attempts} re-asks: the SM-DP+ may hold an orphaned profile`;
      enqueue({
        type: 'effect',
        params: { type: 'AlertOperations', code: 'DOWNLOAD_ORDER_UNSETTLED', message },
      });
    }),
    provisionConnectivity: base.enqueueActions(({ context, enqueue }) => {
      const completeBy = connectivityCompleteBy(context);
      if (context.flow !== 'asyncConnectivity' || context.profile === null || completeBy === null)
        return;
      // D23: ready by the app's earliest attempt to register, counted from the purchase's completion.
      const { iccid, eid } = context.profile;
      enqueue({
        type: 'effect',
        params: { type: 'ProvisionConnectivity', iccid, eid, completeBy },
      });
    }),
    scheduleTimer: base.enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'TimerScheduled') return;
      const { timerId, purpose, dueAt } = event.data;
      enqueue({ type: 'effect', params: { type: 'ScheduleTimer', timerId, purpose, dueAt } });
    }),
    cancelTimer: base.enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'TimerCancelled') return;
      const { timerId, purpose } = event.data;
      enqueue({ type: 'effect', params: { type: 'CancelTimer', timerId, purpose } });
    }),
    publishDirective: base.enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'DirectiveIssued') return;
      const { directive } = event.data;
      const transactionId = event.metadata.transactionId;
      enqueue({ type: 'effect', params: { type: 'PublishDirective', transactionId, directive } });
    }),
    alertOperations: base.enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'LpaErrorReported' || !event.data.alertOperations) return;
      const { decisiveCode, remediation } = event.data;
      const message = `LPA error ${decisiveCode} on ${event.data.iccid}: remediation ${remediation.kind}`;
      enqueue({
        type: 'effect',
        params: { type: 'AlertOperations', code: `LPA_${decisiveCode}`, message },
      });
    }),
    alertUnconfirmed: base.enqueueActions(({ context, enqueue }) => {
      const iccid = context.profile?.iccid ?? 'no profile';
      const seconds = context.settings?.confirmationTimeoutSeconds ?? 0;
      const message = `neither the SM-DP+ nor the app reported ${iccid} installed within ${seconds} s`;
      enqueue({
        type: 'effect',
        params: { type: 'AlertOperations', code: 'PURCHASE_UNCONFIRMED', message },
      });
    }),
    alertConnectivityOverdue: base.enqueueActions(({ context, enqueue }) => {
      const iccid = context.profile?.iccid ?? 'no profile';
      const message = `connectivity for ${iccid} not provisioned by ${connectivityCompleteBy(context) ?? 'its deadline'}`;
      enqueue({
        type: 'effect',
        params: { type: 'AlertOperations', code: 'CONNECTIVITY_OVERDUE', message },
      });
    }),
  },
});
