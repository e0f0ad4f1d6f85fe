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
