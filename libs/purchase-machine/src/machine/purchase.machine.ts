import { type SnapshotFrom } from 'xstate';
import { purchaseSetup } from './purchase-machine.setup';
import { initialPurchaseContext } from './purchase.context';

const cancelWith = ['evolve', 'sendCancelOrder', 'owePortalCancellation'] as const;
const failWith = ['evolve', 'sendCancelOrder', 'owePortalFailure'] as const;
const fulfilWith = ['evolve', 'owePortalFulfilment'] as const;

// LPA remediations (mobile-plans.md section 11), wherever the device may be trying to download.
const lpaRemediation = [
  {
    guard: { type: 'remediationIs', params: { kind: 'releaseProfile' } },
    target: 'releasing',
    actions: ['evolve', 'sendReleaseProfile', 'alertOperations'],
  },
  {
    guard: { type: 'remediationIs', params: { kind: 'reorder' } },
    target: 'reserving',
    actions: ['evolve', 'sendCancelFormerOrder', 'sendDownloadOrder', 'alertOperations'],
  },
  { actions: ['evolve', 'alertOperations'] },
] as const;

// After the purchase ended, late facts are still recorded; a reservation that lands late is handed back (D24).
const afterTheEnd = {
  DirectiveIssued: { actions: ['evolve', 'publishDirective'] },
  TimerCancelled: { actions: ['evolve', 'cancelTimer'] },
  ProfileReserved: { actions: ['evolve', 'sendCancelOrder'] },
  ProfileConfirmed: { actions: ['evolve'] },
  ProfileReleased: { actions: ['evolve'] },
  DownloadProgressReported: { actions: ['evolve'] },
} as const;

const deviceReports = {
  ActivationResultReported: { actions: ['evolve'] },
  RegistrationStateChanged: { actions: ['evolve'] },
} as const;

/**
 * One purchase, all five flows. Its events are the machine's events: the state is their fold, and the effects are
 * the `effect` actions a transition names. No `after`: delays are TimerScheduled/TimerFired events (G5).
 */
export const purchaseMachine = purchaseSetup.createMachine({
  id: 'purchase',
  context: initialPurchaseContext,
  initial: 'idle',
  on: {
    ProfileOrderCancelled: { actions: ['evolve'] },
    SmdpCallFailed: { actions: ['evolve'] },
    CommandRejected: { actions: ['evolve'] },
  },
  states: {
    idle: {
      on: {
        PurchaseAccepted: [
          { guard: 'isBalanceAddition', target: 'completed', actions: fulfilWith },
          { target: 'reserving', actions: ['evolve', 'sendDownloadOrder'] },
        ],
        PurchaseCancelled: { target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { target: 'failed', actions: failWith },
      },
    },
    reserving: {
      on: {
        ProfileReserved: {
          target: 'confirming',
          actions: ['evolve', 'sendConfirmOrder', 'provisionConnectivity'],
        },
        TimerCancelled: { actions: ['evolve', 'cancelTimer'] },
        PurchaseCancelled: { target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { target: 'failed', actions: failWith },
      },
    },
    confirming: {
      on: {
        ProfileConfirmed: [
          { guard: 'confirmedReleased', target: 'awaitingDownload', actions: fulfilWith },
          { target: 'awaitingRelease', actions: fulfilWith },
        ],
        ConnectivityProvisioned: { actions: ['evolve'] },
        PurchaseCancelled: { target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { target: 'failed', actions: failWith },
      },
    },
    awaitingRelease: {
      on: {
        TimerScheduled: { actions: ['evolve', 'scheduleTimer'] },
        DirectiveIssued: { actions: ['evolve', 'publishDirective'] },
        TimerFired: { target: 'releasing', actions: ['evolve', 'sendReleaseProfile'] },
        LpaErrorReported: lpaRemediation,
        PurchaseCancelled: { target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { target: 'failed', actions: failWith },
      },
    },
    releasing: {
      on: {
        ProfileReleased: { target: 'awaitingDownload', actions: ['evolve'] },
        TimerCancelled: { actions: ['evolve', 'cancelTimer'] },
        PurchaseCancelled: { guard: 'stillCancellable', target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { guard: 'failureAcceptable', target: 'failed', actions: failWith },
      },
    },
    awaitingDownload: {
      on: {
        DirectiveIssued: { actions: ['evolve', 'publishDirective'] },
        DownloadProgressReported: [
          {
            guard: 'installedAwaitingConnectivity',
            target: 'awaitingConnectivity',
            actions: ['evolve'],
          },
          { guard: 'installed', target: 'completed', actions: ['evolve'] },
          { actions: ['evolve'] },
        ],
        ConnectivityProvisioned: { actions: ['evolve'] },
        LpaErrorReported: lpaRemediation,
        ...deviceReports,
        PurchaseCancelled: { guard: 'stillCancellable', target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { guard: 'failureAcceptable', target: 'failed', actions: failWith },
      },
    },
    awaitingConnectivity: {
      on: {
        ConnectivityProvisioned: { target: 'completed', actions: ['evolve'] },
        DownloadProgressReported: { actions: ['evolve'] },
        LpaErrorReported: { actions: ['evolve', 'alertOperations'] },
        ...deviceReports,
        PurchaseFailed: { guard: 'failureAcceptable', target: 'failed', actions: failWith },
      },
    },
    completed: {
      on: {
        DirectiveIssued: { actions: ['evolve', 'publishDirective'] },
        DownloadProgressReported: { actions: ['evolve'] },
        ConnectivityProvisioned: { actions: ['evolve'] },
        LpaErrorReported: { actions: ['evolve', 'alertOperations'] },
        ...deviceReports,
      },
    },
    cancelled: { on: afterTheEnd },
    failed: { on: afterTheEnd },
  },
});

export type PurchaseMachine = typeof purchaseMachine;
export type PurchaseStateValue = SnapshotFrom<PurchaseMachine>['value'];
