import {
  type FulfillmentFlow,
  type PurchaseEvent,
  type PurchaseSettingsInput,
} from '@mp/contracts';
import { fold } from '../decider/fold';
import { decide } from '../decider/purchase-decider';
import { ICCID_2, inputs, OTHER_EID, seedSettings, type Step } from './inputs.fixture';

export interface Journey {
  readonly name: string;
  readonly steps: (t: ReturnType<typeof inputs>) => readonly Step[];
}

const untilDirective = (t: ReturnType<typeof inputs>, flow: FulfillmentFlow) => [
  t.completed(flow),
  t.reserved(),
  t.confirmed(),
];

/** Whole purchases, each step accepted; together they walk every transition of the machine. */
export const journeys: readonly Journey[] = [
  { name: 'inline', steps: (t) => [...untilDirective(t, 'inline'), t.progress(3), t.progress(4)] },
  {
    name: 'asyncConnectivity',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.progress(4),
      t.progress(5),
      t.lpaError(['ServerFailure']),
      t.activation('success'),
      t.registration('home'),
      t.connectivity('provisioned'),
    ],
  },
  {
    name: 'asyncConnectivity, provisioned early',
    steps: (t) => [
      t.completed('asyncConnectivity'),
      t.reserved(),
      t.connectivity('provisioned'),
      t.confirmed(),
      t.progress(4),
      t.progress(5),
      t.connectivity('provisioned'),
      t.lpaError(['ProfileNotAvailableForNewBinding']),
      t.activation('success'),
      t.registration('roaming'),
    ],
  },
  {
    name: 'asyncConnectivity, connectivity provisioned while downloading, then fails',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.connectivity('provisioned'),
      t.connectivity('failed'),
    ],
  },
  {
    name: 'asyncConnectivity, connectivity fails after install',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.progress(4),
      t.connectivity('failed'),
    ],
  },
  {
    name: 'delayedProfile',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.timerFired(),
      t.released(),
      t.progress(3),
      t.progress(4),
    ],
  },
  {
    name: 'delayedProfile, released now',
    steps: (t) => [
      t.completed('delayedProfile', { downloadDelayMinutes: 0 }),
      t.reserved(),
      t.confirmed(),
      t.progress(4),
    ],
  },
  { name: 'balanceAddition', steps: (t) => [t.completed('balanceAddition')] },
  { name: 'cancelled', steps: (t) => [t.cancelled()] },
  { name: 'failed in the portal', steps: (t) => [t.failed('BillingError')] },
  {
    name: 'failed: inventory exhausted',
    steps: (t) => [t.completed('inline'), t.smdpFailed('downloadOrder', '8.2.5', '3.7')],
  },
  {
    name: 'failed: DownloadOrder outcome unknown, re-asked, the allocated profile handed back',
    steps: (t) => [
      t.completed('inline'),
      t.smdpUnavailable('downloadOrder'),
      t.timerFired('downloadOrderReconciliation'),
      t.reaskReserved(),
      t.orderCancelled(),
    ],
  },
  {
    name: 'cancelled while reserving, DownloadOrder outcome unknown, every re-ask unanswered',
    steps: (t) => [
      t.completed('inline'),
      t.cancelled(),
      t.smdpUnavailable('downloadOrder'),
      t.timerFired('downloadOrderReconciliation'),
      t.reaskUnavailable(),
      t.timerFired('downloadOrderReconciliation'),
      t.reaskUnavailable(),
      t.timerFired('downloadOrderReconciliation'),
      t.reaskUnavailable(),
    ],
  },
  {
    name: 'failed: ConfirmOrder',
    steps: (t) => [
      t.completed('inline'),
      t.reserved(),
      t.smdpFailed('confirmOrder', '8.2.1', '3.3'),
      t.smdpUnavailable('cancelOrder'),
    ],
  },
  {
    name: 'failed: ReleaseProfile',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.timerFired(),
      t.smdpUnavailable('releaseProfile'),
      t.orderCancelled(),
    ],
  },
  {
    name: 'cancelled while reserving',
    steps: (t) => [t.completed('inline'), t.cancelled(), t.reserved(), t.orderCancelled()],
  },
  {
    name: 'cancelled while confirming',
    steps: (t) => [t.completed('inline'), t.reserved(), t.cancelled(), t.confirmed()],
  },
  {
    name: 'cancelled awaiting release',
    steps: (t) => [...untilDirective(t, 'delayedProfile'), t.cancelled(), t.orderCancelled()],
  },
  {
    name: 'cancelled while releasing',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.timerFired(),
      t.cancelled(),
      t.released(),
    ],
  },
  {
    name: 'cancelled after release',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.timerFired(),
      t.released(),
      t.cancelled(),
      t.progress(3, 'Failed'),
    ],
  },
  {
    name: 'failed in the portal while reserving',
    steps: (t) => [t.completed('inline'), t.failed(), t.reserved()],
  },
  {
    name: 'failed in the portal while confirming',
    steps: (t) => [t.completed('delayedProfile'), t.reserved(), t.failed(), t.confirmed()],
  },
  {
    name: 'failed in the portal awaiting release',
    steps: (t) => [...untilDirective(t, 'delayedProfile'), t.failed()],
  },
  {
    name: 'failed in the portal while releasing',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.timerFired(),
      t.failed(),
      t.released(),
    ],
  },
  {
    name: 'failed in the portal after release',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.timerFired(),
      t.released(),
      t.failed(),
      t.progress(3, 'Failed'),
    ],
  },
  {
    name: 'remediation: release while awaiting release',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.lpaError(['ProfileNotReleasedByOperator']),
      t.released(),
    ],
  },
  {
    name: 'remediation: re-order while awaiting release',
    steps: (t) => [
      ...untilDirective(t, 'delayedProfile'),
      t.lpaError(['EidMismatch'], undefined, { eid: OTHER_EID }),
      t.orderCancelled(),
      t.reserved(ICCID_2),
      t.confirmed('MATCH-2'),
    ],
  },
  {
    name: 'remediation: keep order while awaiting release',
    steps: (t) => [...untilDirective(t, 'delayedProfile'), t.lpaError(['CardBusy'])],
  },
  {
    name: 'remediation: release after download attempt',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.lpaError(['ProfileNotReleasedByOperator']),
      t.released(),
    ],
  },
  {
    name: 'remediation: re-order after download attempt',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.lpaError(['InvalidMatchingId']),
      t.reserved(ICCID_2),
      t.confirmed('MATCH-2'),
      t.progress(4, 'Executed-Success', ICCID_2),
    ],
  },
  {
    name: 'remediation: informational while downloading',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.lpaError(['TimeoutWaitingForUserConsent']),
      t.activation('success'),
      t.registration('searching'),
    ],
  },
  {
    name: 'completed then device reports',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.progress(4),
      t.progress(5),
      t.lpaError(['CardRemoved']),
      t.activation('success'),
      t.registration('home'),
      t.connectivity('provisioned'),
    ],
  },
  {
    name: 'inline: the app confirms before the late SM-DP+ notification',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.registration('searching'),
      t.activation('success'),
      t.progress(4),
    ],
  },
  {
    name: 'inline: a registration confirms',
    steps: (t) => [...untilDirective(t, 'inline'), t.registration('home')],
  },
  {
    name: 'inline: nobody reports, unconfirmed, then the late notification',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.timerFired('confirmationDeadline'),
      t.progress(3),
      t.registration('searching'),
      t.progress(4),
    ],
  },
  {
    name: 'inline: unconfirmed, then the app confirms',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.timerFired('confirmationDeadline'),
      t.activation('success'),
    ],
  },
  {
    name: 'inline: unconfirmed, then an LPA error re-orders',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.timerFired('confirmationDeadline'),
      t.lpaError(['ServerFailure']),
      t.lpaError(['InvalidMatchingId']),
      t.reserved(ICCID_2),
      t.confirmed('MATCH-2'),
    ],
  },
  {
    name: 'inline: unconfirmed, then an LPA error releases',
    steps: (t) => [
      ...untilDirective(t, 'inline'),
      t.timerFired('confirmationDeadline'),
      t.lpaError(['ProfileNotReleasedByOperator']),
      t.released(),
    ],
  },
  {
    name: 'delayedProfile: unconfirmed, then cancelled',
    steps: (t) => [
      t.completed('delayedProfile', { downloadDelayMinutes: 0 }),
      t.reserved(),
      t.confirmed(),
      t.timerFired('confirmationDeadline'),
      t.cancelled(),
    ],
  },
  {
    name: 'delayedProfile: unconfirmed, then failed in the portal',
    steps: (t) => [
      t.completed('delayedProfile', { downloadDelayMinutes: 0 }),
      t.reserved(),
      t.confirmed(),
      t.timerFired('confirmationDeadline'),
      t.failed(),
    ],
  },
  {
    name: 'delayedProfile (current): the operation context, then cancelled',
    steps: (t) => [...untilDirective(t, 'delayedProfile'), t.operationContext(), t.cancelled()],
  },
  {
    name: 'asyncConnectivity: unconfirmed, network late too, then installed',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.timerFired('confirmationDeadline'),
      t.timerFired('connectivityDeadline'),
      t.progress(4),
      t.progress(5),
      t.lpaError(['CardRemoved']),
      t.activation('success'),
      t.registration('home'),
      t.connectivity('provisioned'),
    ],
  },
  {
    name: 'asyncConnectivity: unconfirmed, network ready, then installed',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.timerFired('confirmationDeadline'),
      t.connectivity('provisioned'),
      t.progress(4),
    ],
  },
  {
    name: 'asyncConnectivity: unconfirmed, then installed before the network',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.timerFired('confirmationDeadline'),
      t.progress(4),
      t.timerFired('connectivityDeadline'),
      t.connectivity('failed'),
    ],
  },
  {
    name: 'asyncConnectivity: the network misses its deadline while downloading',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.timerFired('connectivityDeadline'),
      t.progress(4),
      t.connectivity('provisioned'),
    ],
  },
  {
    name: 'asyncConnectivity: the network misses its deadline while confirming',
    steps: (t) => [
      t.completed('asyncConnectivity'),
      t.reserved(),
      t.timerFired('connectivityDeadline'),
      t.confirmed(),
    ],
  },
  {
    name: 'asyncConnectivity: the network misses its deadline while re-ordering',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.lpaError(['InvalidMatchingId']),
      t.timerFired('connectivityDeadline'),
      t.reserved(ICCID_2),
      t.confirmed('MATCH-2'),
    ],
  },
  {
    name: 'asyncConnectivity: the network misses its deadline while releasing',
    steps: (t) => [
      ...untilDirective(t, 'asyncConnectivity'),
      t.lpaError(['ProfileNotReleasedByOperator']),
      t.timerFired('connectivityDeadline'),
      t.released(),
    ],
  },
  {
    name: 'rejected input recorded',
    steps: (t) => [
      t.completed('inline'),
      { id: 'bad', at: '2025-06-01T12:00:00Z', transactionId: 'tx-1', kind: 'timerFired' },
    ],
  },
];

/** Runs a journey through decide, keeping whatever each step records (rejections included). */
export function runJourney(
  journey: Journey,
  settings: PurchaseSettingsInput = seedSettings,
): PurchaseEvent[] {
  const t = inputs();
  const history: PurchaseEvent[] = [];
  for (const next of journey.steps(t)) {
    const input = typeof next === 'function' ? next(fold(history).context) : next;
    history.push(...decide(history, input, settings).events);
  }
  return history;
}
