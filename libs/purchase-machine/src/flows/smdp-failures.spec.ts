import { type PurchaseMetadata, renderDirectiveScript } from '@mp/contracts';
import { effectShapes, given } from '../testing/given-when-then.helper';
import { purchaseViewOf } from '../view/purchase-view.mapper';
import { EID, ICCID, inputs } from '../testing/inputs.fixture';

const failMd: PurchaseMetadata = {
  userAccount: 'New',
  purchaseInstrument: 'New',
  line: 'New',
  moDirectStatus: 'ServiceError',
  planName: '',
};
const failDirective = {
  type: 'PublishDirective',
  transactionId: 'tx-1',
  directive: {
    api: 'MobilePlans.notifyCancelledPurchase',
    args: [failMd],
    script: renderDirectiveScript('MobilePlans.notifyCancelledPurchase', [failMd]),
  },
};
const cancelOrder = (matchingId?: string) => ({
  function: 'cancelOrder',
  request: {
    iccid: ICCID,
    eid: EID,
    ...(matchingId ? { matchingId } : {}),
    finalProfileStatusIndicator: 'Available',
  },
});

const connectivityDeadlineCancelled = {
  type: 'CancelTimer',
  timerId: 'tx-1/connectivityDeadline/3',
  purpose: 'connectivityDeadline',
};

describe('SM-DP+ failures fail the purchase with ServiceError (D19)', () => {
  it.each([
    [
      'inventory exhausted (8.2.5/3.7)',
      (t: ReturnType<typeof inputs>) => t.smdpFailed('downloadOrder', '8.2.5', '3.7'),
      { kind: 'failed', subjectCode: '8.2.5', reasonCode: '3.7', message: 'refused' },
    ],
    [
      'another Failed status (8.1.1/3.9)',
      (t: ReturnType<typeof inputs>) => t.smdpFailed('downloadOrder', '8.1.1', '3.9'),
      { kind: 'failed', subjectCode: '8.1.1', reasonCode: '3.9', message: 'refused' },
    ],
    // Unreachable after the retry budget is not an answer: download-order-reconciliation.spec.ts (ADR 0028).
  ])('DownloadOrder: %s → failed, no CancelOrder (nothing reserved)', (_label, result, failure) => {
    const t = inputs();
    const outcome = given(t.completed('inline')).when(result(t));
    expect(outcome.types).toEqual(['PurchaseFailed', 'DirectiveIssued']);
    expect(outcome.decision.events[0]?.data).toEqual({
      moDirectStatus: 'ServiceError',
      purchaseMetadata: failMd,
      cause: { source: 'smdp', function: 'downloadOrder', failure },
      settings: null,
    });
    expect(outcome.effects).toEqual([failDirective]);
    expect(outcome.snapshot.value).toBe('failed');
  });

  it.each([
    ['Failed', (t: ReturnType<typeof inputs>) => t.smdpFailed('confirmOrder', '8.2.1', '3.3')],
    ['unavailable', (t: ReturnType<typeof inputs>) => t.smdpUnavailable('confirmOrder')],
  ])('ConfirmOrder %s → failed and the reserved profile handed back (D24)', (_label, result) => {
    const t = inputs();
    const outcome = given(t.completed('asyncConnectivity'), t.reserved()).when(result(t));
    expect(outcome.types).toEqual(['PurchaseFailed', 'TimerCancelled', 'DirectiveIssued']);
    expect(effectShapes(outcome.effects)).toEqual([
      cancelOrder(),
      connectivityDeadlineCancelled,
      failDirective,
    ]);
  });

  it('ReleaseProfile failure → failed, CancelOrder', () => {
    const t = inputs();
    const outcome = given(
      t.completed('delayedProfile'),
      t.reserved(),
      t.confirmed(),
      t.timerFired(),
    ).when(t.smdpFailed('releaseProfile', '8.2.1', '3.5'));
    expect(outcome.types).toEqual(['PurchaseFailed', 'DirectiveIssued']);
    expect(effectShapes(outcome.effects)).toEqual([cancelOrder('MATCH-1'), failDirective]);
  });

  it('connectivity provisioning failure after install → failed, no CancelOrder for an installed profile', () => {
    const t = inputs();
    const outcome = given(
      t.completed('asyncConnectivity'),
      t.reserved(),
      t.confirmed(),
      t.progress(4),
    ).when(t.connectivity('failed'));
    expect(outcome.types).toEqual(['PurchaseFailed', 'TimerCancelled', 'DirectiveIssued']);
    expect(outcome.decision.events[0]?.data).toMatchObject({
      cause: { source: 'connectivity', reason: 'HLR down' },
    });
    expect(outcome.effects).toEqual([connectivityDeadlineCancelled, failDirective]);
  });

  it('a provisioning failure keeps the provisioning system’s reason code and text in its cause (ADR 0021)', () => {
    const t = inputs();
    const failed = {
      ...t.connectivity('failed'),
      reasonCode: 'PLAN_UNKNOWN',
      reason: 'no such plan',
    };
    const outcome = given(
      t.completed('asyncConnectivity'),
      t.reserved(),
      t.confirmed(),
      t.progress(4),
    ).when(failed);
    expect(outcome.decision.events[0]?.data).toMatchObject({
      moDirectStatus: 'ServiceError',
      cause: { source: 'connectivity', reasonCode: 'PLAN_UNKNOWN', reason: 'no such plan' },
    });
    expect(outcome.snapshot.value).toBe('failed');
    expect(purchaseViewOf(outcome.snapshot)).toMatchObject({
      status: 'failed',
      directive: { api: 'MobilePlans.notifyCancelledPurchase' },
    });
  });

  it('connectivity failure before download → failed with CancelOrder', () => {
    const t = inputs();
    const outcome = given(t.completed('asyncConnectivity'), t.reserved(), t.confirmed()).when(
      t.connectivity('failed'),
    );
    expect(effectShapes(outcome.effects)).toEqual([
      cancelOrder('MATCH-1'),
      {
        type: 'CancelTimer',
        timerId: 'tx-1/confirmationDeadline/6',
        purpose: 'confirmationDeadline',
      },
      connectivityDeadlineCancelled,
      failDirective,
    ]);
  });

  it('a failed compensation (CancelOrder) is recorded, the purchase stays failed', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.reserved(), t.smdpFailed('confirmOrder')).when(
      t.smdpUnavailable('cancelOrder'),
    );
    expect(outcome.types).toEqual(['SmdpCallFailed']);
    expect(outcome.decision.events[0]?.data).toMatchObject({
      function: 'cancelOrder',
      iccid: ICCID,
    });
    expect(outcome.snapshot.value).toBe('failed');
    expect(outcome.effects).toEqual([]);
  });

  it('a late DownloadOrder failure after cancellation is recorded only', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.cancelled()).when(t.smdpFailed('downloadOrder'));
    expect(outcome.types).toEqual(['SmdpCallFailed']);
    expect(outcome.snapshot.value).toBe('cancelled');
  });

  it('portal failure before fulfilment: failed flow, notifyCancelledPurchase with its status', () => {
    const t = inputs();
    const outcome = given().when(t.failed('BillingError'));
    expect(outcome.types).toEqual(['PurchaseFailed', 'DirectiveIssued']);
    expect(outcome.snapshot.context.flow).toBe('failed');
    expect(outcome.snapshot.context.directive?.args).toEqual([
      { userAccount: 'Existing', moDirectStatus: 'BillingError', planName: '' },
    ]);
  });

  it('portal failure while confirming → failed, CancelOrder', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.reserved()).when(t.failed('PurchaseFailed'));
    expect(effectShapes(outcome.effects)[0]).toEqual(cancelOrder());
    expect(outcome.snapshot.value).toBe('failed');
  });

  it('portal failure of a delayed purchase awaiting release → failed, CancelOrder, timer cancelled', () => {
    const t = inputs();
    const outcome = given(t.completed('delayedProfile'), t.reserved(), t.confirmed()).when(
      t.failed(),
    );
    expect(outcome.types).toEqual(['PurchaseFailed', 'TimerCancelled', 'DirectiveIssued']);
  });
});
