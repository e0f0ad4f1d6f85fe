import {
  type Es2Function,
  type FulfillmentFlow,
  type PurchaseInput,
  type PurchaseSettingsInput,
  type TimerPurpose,
} from '@mp/contracts';
import { type PurchaseContext } from '../machine/purchase.context';

export const EID = '89033023422130000000000199055797';
export const OTHER_EID = '89033024010400000100000000009136';
export const ICCID = '8988247000101867183';
export const ICCID_2 = '8988247000103824828';
export const SMDP = 'smdp.example.com';
export const T0 = '2025-06-01T10:00:00.000Z';

export const seedSettings: PurchaseSettingsInput = {
  defaultProfileType: 'MP-DEFAULT',
  releaseLeadTimeMinutes: 5,
};
export const currentSettings: PurchaseSettingsInput = {
  ...seedSettings,
  callbackApiGeneration: 'current',
};

export const completeMetadata = {
  userAccount: 'New',
  purchaseInstrument: 'New',
  line: 'New',
  moDirectStatus: 'Complete',
  planName: '2GB Monthly',
} as const;

const plan = {
  planId: 'plan-2gb',
  balanceType: 'MODIRECTPAYG',
  dataMB: 2048,
  validity: 'P30D',
  locations: ['US'],
};

/** A step: an input, an input that depends on the purchase so far (e.g. a pending call id), or raw JSON. */
export type Step =
  PurchaseInput | ((context: PurchaseContext) => PurchaseInput) | Record<string, unknown>;

/**
 * Inputs for one purchase with deterministic ids and times: input n gets id `<tx>-in-<n>` and time `t0` + n minutes
 * (the builder's clock moves only when an input is made). A later `t0` (benches, e2e) keeps the timers pending.
 */
export function inputs(transactionId = 'tx-1', t0 = T0) {
  let counter = 0;
  const next = () => {
    counter += 1;
    const at = new Date(Date.parse(t0) + counter * 60_000).toISOString();
    return { id: `${transactionId}-in-${counter}`, at, transactionId };
  };
  const portal = (event: Record<string, unknown>) => {
    const base = next();
    return {
      ...base,
      kind: 'portalEvent',
      event: { eventId: base.id, transactionId, occurredAt: base.at, ...event },
    } as PurchaseInput;
  };
  const flowFields: Record<FulfillmentFlow, Record<string, unknown>> = {
    inline: { eid: EID },
    asyncConnectivity: { eid: EID, networkRegistrationIntervalMinutes: 30 },
    delayedProfile: { eid: EID, downloadDelayMinutes: 60 },
    balanceAddition: { iccid: ICCID },
  };
  const smdp =
    (fn: Es2Function, outcome: Record<string, unknown>): Step =>
    (context) =>
      ({
        ...next(),
        kind: 'smdpResult',
        function: fn,
        functionCallIdentifier:
          fn === 'cancelOrder'
            ? (context.pending.cancelOrder.at(-1)?.functionCallIdentifier ?? 'none')
            : (context.pending[fn] ?? 'none'),
        outcome,
      }) as PurchaseInput;
  // The answer to a re-ask of the DownloadOrder whose outcome stayed unknown (ADR 0028).
  const reask =
    (outcome: Record<string, unknown>): Step =>
    (context) =>
      ({
        ...next(),
        kind: 'smdpResult',
        function: 'downloadOrder',
        functionCallIdentifier: context.unsettledDownloadOrder?.functionCallIdentifier ?? 'none',
        outcome,
      }) as PurchaseInput;
  return {
    completed: (flow: FulfillmentFlow, extra: Record<string, unknown> = {}) =>
      portal({
        type: 'PurchaseCompleted',
        flow,
        purchaseMetadata: completeMetadata,
        plan,
        ...flowFields[flow],
        ...extra,
      }),
    cancelled: (metadata: Record<string, unknown> = { userAccount: 'New', planName: '' }) =>
      portal({ type: 'PurchaseCancelled', purchaseMetadata: metadata }),
    failed: (moDirectStatus = 'BillingError', planName = '') =>
      portal({
        type: 'PurchaseFailed',
        purchaseMetadata: { userAccount: 'Existing', moDirectStatus, planName },
      }),
    lpaError: (codes: string[], iccid = ICCID, extra: Record<string, unknown> = {}) =>
      portal({
        type: 'LpaErrorReported',
        iccid,
        codes,
        timestamps: codes.map(() => '5/18/2018 11:17:23 PM'),
        ...extra,
      }),
    activation: (activationResult: string, iccid = ICCID) =>
      portal({ type: 'ActivationResultReported', iccid, activationResult }),
    registration: (networkRegistrationState: string, iccid = ICCID) =>
      portal({ type: 'RegistrationStateChanged', iccid, networkRegistrationState }),
    reserved: (iccid = ICCID) =>
      smdp('downloadOrder', { status: 'succeeded', response: { iccid } }),
    confirmed: (matchingId = 'MATCH-1') =>
      smdp('confirmOrder', { status: 'succeeded', response: { matchingId, smdpAddress: SMDP } }),
    released: () => smdp('releaseProfile', { status: 'succeeded', response: {} }),
    orderCancelled: () => smdp('cancelOrder', { status: 'succeeded', response: {} }),
    smdpFailed: (fn: Es2Function, subjectCode = '8.2.5', reasonCode = '3.7') =>
      smdp(fn, { status: 'failed', subjectCode, reasonCode, message: 'refused' }),
    smdpUnavailable: (fn: Es2Function) =>
      smdp(fn, { status: 'unavailable', attempts: 5, lastError: 'timeout' }),
    reaskReserved: (iccid = ICCID) => reask({ status: 'succeeded', response: { iccid } }),
    reaskFailed: (subjectCode = '8.2.5', reasonCode = '3.7') =>
      reask({ status: 'failed', subjectCode, reasonCode, message: 'refused' }),
    reaskUnavailable: () => reask({ status: 'unavailable', attempts: 3, lastError: 'timeout' }),
    progress: (notificationPointId: number, status = 'Executed-Success', iccid = ICCID) =>
      ({
        ...next(),
        kind: 'downloadProgress',
        iccid,
        timestamp: '2025-06-01T10:30:00Z',
        notificationPointId,
        notificationPointStatus: { status },
      }) as PurchaseInput,
    connectivity: (outcome: 'provisioned' | 'failed', iccid = ICCID) =>
      ({
        ...next(),
        kind: 'connectivityResult',
        iccid,
        outcome,
        reason: 'HLR down',
      }) as PurchaseInput,
    timerFired:
      (purpose: TimerPurpose = 'releaseProfile'): Step =>
      (context) => ({
        ...next(),
        kind: 'timerFired',
        timerId: context.timers[purpose]?.timerId ?? 'none',
      }),
    operationContext: (Id = 'op-1') =>
      portal({ type: 'OperationContextReported', operationContext: { Id } }),
  };
}
export type Inputs = ReturnType<typeof inputs>;
