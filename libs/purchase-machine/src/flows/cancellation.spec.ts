import { type PurchaseMetadata, renderDirectiveScript } from '@mp/contracts';
import { effectShapes, given } from '../testing/given-when-then.helper';
import { EID, ICCID, inputs } from '../testing/inputs.fixture';

const cancelMd: PurchaseMetadata = {
  userAccount: 'New',
  line: 'Bailed',
  moDirectStatus: 'Cancelled',
  planName: '',
};
const cancelDirective = {
  type: 'PublishDirective',
  transactionId: 'tx-1',
  directive: {
    api: 'MobilePlans.notifyCancelledPurchase',
    args: [cancelMd],
    script: renderDirectiveScript('MobilePlans.notifyCancelledPurchase', [cancelMd]),
  },
};
const cancelOrder = (matchingId?: string) => ({
  function: 'cancelOrder',
  request: {
    iccid: ICCID,
    eid: EID,
    ...(matchingId === undefined ? {} : { matchingId }),
    finalProfileStatusIndicator: 'Available',
  },
});

describe('cancellation at every point where the user can still cancel', () => {
  it('cancelled flow: a cancellation with no purchase issues notifyCancelledPurchase (D20), no SM-DP+ call', () => {
    const t = inputs();
    const outcome = given().when(t.cancelled());
    expect(outcome.types).toEqual(['PurchaseCancelled', 'DirectiveIssued']);
    expect(outcome.effects).toEqual([cancelDirective]);
    expect(outcome.snapshot.value).toBe('cancelled');
    expect(outcome.snapshot.context.flow).toBe('cancelled');
  });

  it('keeps a line the portal reports instead of defaulting it to Bailed', () => {
    const t = inputs();
    const outcome = given().when(
      t.cancelled({ userAccount: 'Existing', line: 'New', planName: '' }),
    );
    expect(outcome.snapshot.context.directive?.args).toEqual([
      { userAccount: 'Existing', line: 'New', moDirectStatus: 'Cancelled', planName: '' },
    ]);
  });

  it('while reserving: nothing to cancel yet; the late reservation is handed back with CancelOrder (D24)', () => {
    const t = inputs();
    const cancelled = given(t.completed('inline')).when(t.cancelled());
    expect(cancelled.types).toEqual(['PurchaseCancelled', 'DirectiveIssued']);
    expect(cancelled.effects).toEqual([cancelDirective]);
    expect(cancelled.snapshot.value).toBe('cancelled');

    const late = given(t.completed('inline'), t.cancelled()).when(t.reserved());
    expect(late.types).toEqual(['ProfileReserved']);
    expect(effectShapes(late.effects)).toEqual([cancelOrder()]);
    expect(late.snapshot.value).toBe('cancelled');
  });

  it('while confirming: CancelOrder(Available) at once', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.reserved()).when(t.cancelled());
    expect(outcome.types).toEqual(['PurchaseCancelled', 'DirectiveIssued']);
    expect(effectShapes(outcome.effects)).toEqual([cancelOrder(), cancelDirective]);
  });

  it('delayed, before release: CancelOrder, the release timer cancelled, and no ReleaseProfile ever follows', () => {
    const t = inputs();
    const history = [t.completed('delayedProfile'), t.reserved(), t.confirmed()] as const;
    const outcome = given(...history).when(t.cancelled());
    expect(outcome.types).toEqual(['PurchaseCancelled', 'TimerCancelled', 'DirectiveIssued']);
    expect(effectShapes(outcome.effects)).toEqual([
      cancelOrder('MATCH-1'),
      { type: 'CancelTimer', timerId: 'tx-1/releaseProfile/4', purpose: 'releaseProfile' },
      cancelDirective,
    ]);
    expect(outcome.snapshot.context.timers.releaseProfile).toBeNull();

    const lateTimer = given(...history, t.cancelled()).when(t.timerFired());
    expect(lateTimer.decision.outcome).toBe('rejected');
    expect(lateTimer.effects).toEqual([]);
  });

  it('delayed, while the release is in flight: CancelOrder; the late release result is only recorded', () => {
    const t = inputs();
    const steps = [
      t.completed('delayedProfile'),
      t.reserved(),
      t.confirmed(),
      t.timerFired(),
    ] as const;
    const outcome = given(...steps).when(t.cancelled());
    expect(effectShapes(outcome.effects)).toEqual([cancelOrder('MATCH-1'), cancelDirective]);
    const late = given(...steps, t.cancelled()).when(t.released());
    expect(late.types).toEqual(['ProfileReleased']);
    expect(late.effects).toEqual([]);
  });

  it('delayed, released but not downloaded: still cancellable; CancelOrder from Released', () => {
    const t = inputs();
    const outcome = given(
      t.completed('delayedProfile'),
      t.reserved(),
      t.confirmed(),
      t.timerFired(),
      t.released(),
    ).when(t.cancelled());
    expect(effectShapes(outcome.effects)).toEqual([
      cancelOrder('MATCH-1'),
      {
        type: 'CancelTimer',
        timerId: 'tx-1/confirmationDeadline/8',
        purpose: 'confirmationDeadline',
      },
      cancelDirective,
    ]);
    expect(outcome.snapshot.value).toBe('cancelled');
  });

  it('delayed, downloaded: no longer cancellable', () => {
    const t = inputs();
    const outcome = given(
      t.completed('delayedProfile'),
      t.reserved(),
      t.confirmed(),
      t.timerFired(),
      t.released(),
      t.progress(3),
    ).when(t.cancelled());
    expect(outcome.decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'NOT_ACCEPTED_IN_STATE' },
    });
    expect(outcome.types).toEqual(['CommandRejected']);
    expect(outcome.effects).toEqual([]);
  });

  it.each([
    [
      'inline after the directive',
      (t: ReturnType<typeof inputs>) => [t.completed('inline'), t.reserved(), t.confirmed()],
    ],
    [
      'a completed balance addition',
      (t: ReturnType<typeof inputs>) => [t.completed('balanceAddition')],
    ],
    ['an already cancelled purchase', (t: ReturnType<typeof inputs>) => [t.cancelled()]],
  ])('%s cannot be cancelled', (_label, steps) => {
    const t = inputs();
    const outcome = given(...steps(t)).when(t.cancelled());
    expect(outcome.decision.outcome).toBe('rejected');
    expect(outcome.effects).toEqual([]);
  });

  it('the CancelOrder result is recorded and the profile shown Available', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.reserved(), t.cancelled()).when(
      t.orderCancelled(),
    );
    expect(outcome.types).toEqual(['ProfileOrderCancelled']);
    expect(outcome.snapshot.context.profile?.state).toBe('Available');
    expect(outcome.snapshot.context.pending.cancelOrder).toEqual([]);
  });
});
