import { ICCID_2, type inputs, OTHER_EID, type Step } from './inputs.fixture';

type T = ReturnType<typeof inputs>;

/**
 * Every kind of input a purchase can meet, valid by schema; many are rejected in a given state, which is the point.
 * Shared by the property tests that drive random input sequences through the decider.
 */
export const inputPool: readonly ((t: T) => Step)[] = [
  (t) => t.completed('inline'),
  (t) => t.completed('asyncConnectivity'),
  (t) => t.completed('delayedProfile'),
  (t) => t.completed('delayedProfile', { downloadDelayMinutes: 0 }),
  (t) => t.completed('balanceAddition'),
  (t) => t.cancelled(),
  (t) => t.failed(),
  (t) => t.reserved(),
  (t) => t.reserved(ICCID_2),
  (t) => t.confirmed(),
  (t) => t.released(),
  (t) => t.orderCancelled(),
  (t) => t.smdpFailed('downloadOrder'),
  (t) => t.smdpFailed('confirmOrder', '8.2.1', '3.3'),
  (t) => t.smdpUnavailable('releaseProfile'),
  (t) => t.smdpUnavailable('cancelOrder'),
  (t) => t.progress(3),
  (t) => t.progress(4),
  (t) => t.progress(3, 'Failed'),
  (t) => t.progress(4, 'Executed-Success', ICCID_2),
  (t) => t.connectivity('provisioned'),
  (t) => t.connectivity('failed'),
  (t) => t.timerFired(),
  (t) => t.timerFired('confirmationDeadline'),
  (t) => t.timerFired('connectivityDeadline'),
  (t) => t.operationContext(),
  (t) => t.lpaError(['ProfileNotReleasedByOperator']),
  (t) => t.lpaError(['EidMismatch'], undefined, { eid: OTHER_EID }),
  (t) => t.lpaError(['ServerFailure']),
  (t) => t.lpaError(['InvalidMatchingId']),
  (t) => t.activation('invalidJson'),
  (t) => t.activation('success'),
  (t) => t.registration('home'),
  (t) => t.registration('searching'),
];
