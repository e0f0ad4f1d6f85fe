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

// After the purchase ended, late facts are still recorded; a reservation that lands late is handed back (D24), and
// a DownloadOrder whose outcome stayed unknown is re-asked until its answer says what to hand back (ADR 0028).
const afterTheEnd = {
  DirectiveIssued: { actions: ['evolve', 'publishDirective'] },
  ProfileReserved: { actions: ['evolve', 'sendCancelOrder'] },
  TimerFired: {
    guard: { type: 'timerIs', params: { purpose: 'downloadOrderReconciliation' } },
    actions: ['evolve', 'sendReconcileDownloadOrder'],
  },
  ProfileConfirmed: { actions: ['evolve'] },
  ProfileReleased: { actions: ['evolve'] },
  DownloadProgressReported: { actions: ['evolve'] },
} as const;

const deviceReports = {
  ActivationResultReported: { actions: ['evolve'] },
  RegistrationStateChanged: { actions: ['evolve'] },
} as const;

// ADR 0014: the network is late; operations hear of it wherever the purchase is while it waits.
const connectivityDeadline = {
  guard: { type: 'timerIs', params: { purpose: 'connectivityDeadline' } },
  actions: ['evolve', 'alertConnectivityOverdue'],
} as const;

// Where the device may be installing the profile: the SM-DP+'s notification, or the app's report (inline).
const installation = {
  DownloadProgressReported: [
    {
      guard: 'installedAwaitingConnectivity',
      target: 'awaitingConnectivity',
      actions: ['evolve'],
    },
    {
      guard: 'installedConnectivityOverdue',
      target: 'connectivityOverdue',
      actions: ['evolve'],
    },
    { guard: 'installed', target: 'completed', actions: ['evolve'] },
    { actions: ['evolve'] },
  ],
  InstallationConfirmedByApp: { target: 'completed', actions: ['evolve'] },
  ConnectivityProvisioned: { actions: ['evolve'] },
  LpaErrorReported: lpaRemediation,
  ...deviceReports,
  PurchaseCancelled: { guard: 'stillCancellable', target: 'cancelled', actions: cancelWith },
  PurchaseFailed: { guard: 'failureAcceptable', target: 'failed', actions: failWith },
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
    // A re-ask that leaves the DownloadOrder unsettled with none left alerts operations (ADR 0028).
    SmdpCallFailed: { actions: ['evolve', 'alertUnsettledDownloadOrder'] },
    CommandRejected: { actions: ['evolve'] },
    TimerScheduled: { actions: ['evolve', 'scheduleTimer'] },
    TimerCancelled: { actions: ['evolve', 'cancelTimer'] },
    OperationContextReported: { actions: ['evolve'] },
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
        TimerFired: connectivityDeadline,
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
        TimerFired: connectivityDeadline,
        PurchaseCancelled: { target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { target: 'failed', actions: failWith },
      },
    },
    awaitingRelease: {
      on: {
        DirectiveIssued: { actions: ['evolve', 'publishDirective'] },
        TimerFired: {
          guard: { type: 'timerIs', params: { purpose: 'releaseProfile' } },
          target: 'releasing',
          actions: ['evolve', 'sendReleaseProfile'],
        },
        LpaErrorReported: lpaRemediation,
        PurchaseCancelled: { target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { target: 'failed', actions: failWith },
      },
    },
    releasing: {
      on: {
        ProfileReleased: { target: 'awaitingDownload', actions: ['evolve'] },
        TimerFired: connectivityDeadline,
        PurchaseCancelled: { guard: 'stillCancellable', target: 'cancelled', actions: cancelWith },
        PurchaseFailed: { guard: 'failureAcceptable', target: 'failed', actions: failWith },
      },
    },
    awaitingDownload: {
      on: {
        ...installation,
        DirectiveIssued: { actions: ['evolve', 'publishDirective'] },
        TimerFired: [
          {
            guard: { type: 'timerIs', params: { purpose: 'confirmationDeadline' } },
            target: 'unconfirmed',
            actions: ['evolve', 'alertUnconfirmed'],
          },
          connectivityDeadline,
        ],
      },
    },
    // ADR 0014: nobody said the profile arrived in time. Operations are alerted; any late word still counts.
    unconfirmed: {
      on: { ...installation, TimerFired: connectivityDeadline },
    },
    awaitingConnectivity: {
      on: {
        ConnectivityProvisioned: { target: 'completed', actions: ['evolve'] },
        TimerFired: {
          guard: { type: 'timerIs', params: { purpose: 'connectivityDeadline' } },
          target: 'connectivityOverdue',
          actions: ['evolve', 'alertConnectivityOverdue'],
        },
        DownloadProgressReported: { actions: ['evolve'] },
        LpaErrorReported: { actions: ['evolve', 'alertOperations'] },
        ...deviceReports,
        PurchaseFailed: { guard: 'failureAcceptable', target: 'failed', actions: failWith },
      },
    },
    // Installed, but the network missed its deadline: operations were alerted; provisioning still completes it.
    connectivityOverdue: {
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
