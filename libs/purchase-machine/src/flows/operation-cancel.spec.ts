import { type PurchaseMetadata, renderDirectiveScript } from '@mp/contracts';
import { given, givenWith } from '../testing/given-when-then.helper';
import { currentSettings, inputs } from '../testing/inputs.fixture';

// The current generation's MobilePlansOperationContext and notifyOperationCancel (mobile-plans.md section 3.1).

type T = ReturnType<typeof inputs>;
const delayedUntilDirective = (t: T) =>
  [t.completed('delayedProfile'), t.reserved(), t.confirmed()] as const;
const cancelMd: PurchaseMetadata = {
  userAccount: 'New',
  line: 'Bailed',
  moDirectStatus: 'Cancelled',
  planName: '',
};

describe('notifyOperationCancel for a delayed download the app has scheduled', () => {
  it('the reported operation context is recorded', () => {
    const t = inputs();
    const outcome = givenWith(currentSettings, ...delayedUntilDirective(t)).when(
      t.operationContext('op-42'),
    );
    expect(outcome.types).toEqual(['OperationContextReported']);
    expect(outcome.snapshot.context.operationContext).toEqual({ Id: 'op-42' });
    expect(outcome.effects).toEqual([]);
  });

  it('cancelled while the app waits: CancelOrder and notifyOperationCancel(operationContext)', () => {
    const t = inputs();
    const outcome = givenWith(
      currentSettings,
      ...delayedUntilDirective(t),
      t.operationContext('op-42'),
    ).when(t.cancelled());
    const args = [{ Id: 'op-42' }];
    expect(outcome.snapshot.context.directive).toEqual({
      api: 'MobilePlansInlineOperations.notifyOperationCancel',
      args,
      script: renderDirectiveScript('MobilePlansInlineOperations.notifyOperationCancel', args),
    });
    expect(outcome.snapshot.context.directive?.script).toBe(
      '(function () { return MobilePlansInlineOperations.notifyOperationCancel({"Id":"op-42"}); })();',
    );
    expect(outcome.effects).toContainEqual(
      expect.objectContaining({ type: 'SendEs2Request', function: 'cancelOrder' }),
    );
    expect(outcome.snapshot.value).toBe('cancelled');
  });

  it('failed while the app waits (ReleaseProfile refused): the operation is cancelled too', () => {
    const t = inputs();
    const outcome = givenWith(
      currentSettings,
      ...delayedUntilDirective(t),
      t.operationContext('op-42'),
      t.timerFired(),
    ).when(t.smdpFailed('releaseProfile', '8.2.1', '3.5'));
    expect(outcome.snapshot.value).toBe('failed');
    expect(outcome.snapshot.context.directive?.api).toBe(
      'MobilePlansInlineOperations.notifyOperationCancel',
    );
  });

  it('no operation context reported: notifyCancelledPurchase as before (D20)', () => {
    const t = inputs();
    const outcome = givenWith(currentSettings, ...delayedUntilDirective(t)).when(t.cancelled());
    expect(outcome.snapshot.context.directive).toMatchObject({
      api: 'MobilePlans.notifyCancelledPurchase',
      args: [cancelMd],
    });
  });

  it('the seed generation returns no operation: notifyCancelledPurchase', () => {
    const t = inputs();
    const outcome = given(...delayedUntilDirective(t), t.operationContext('op-42')).when(
      t.cancelled(),
    );
    expect(outcome.snapshot.context.directive?.api).toBe('MobilePlans.notifyCancelledPurchase');
  });

  it('an operation context before any directive is rejected', () => {
    const t = inputs();
    const outcome = givenWith(currentSettings, t.completed('delayedProfile')).when(
      t.operationContext(),
    );
    expect(outcome.decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'NO_DIRECTIVE_YET', parameter: 'operationContext' },
    });
  });
});
