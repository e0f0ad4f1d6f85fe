import { effectShapes, given, givenWith } from '../testing/given-when-then.helper';
import { EID, ICCID, inputs, seedSettings } from '../testing/inputs.fixture';
import { functionCallIdentifier } from '../ids/deterministic-ids';
import { fold } from '../decider/fold';
import { decide } from '../decider/purchase-decider';

// ADR 0028: a DownloadOrder the adapter never heard back from may have allocated a profile at the SM-DP+. The
// purchase still fails at once (the user is told), and the call is re-asked later with the same identifier so that
// the answer names the profile, which is handed back with CancelOrder (D24).
const firstCall = functionCallIdentifier('tx-1', 1, 'downloadOrder');
const reconciliationTimer = (sequence: number, dueAt: string) => ({
  type: 'ScheduleTimer',
  timerId: `tx-1/downloadOrderReconciliation/${sequence}`,
  purpose: 'downloadOrderReconciliation',
  dueAt,
});

describe('a DownloadOrder whose outcome stayed unknown is reconciled (ADR 0028)', () => {
  it('fails the purchase with the cause, and schedules a re-ask after the configured delay', () => {
    const t = inputs();
    const outcome = given(t.completed('inline')).when(t.smdpUnavailable('downloadOrder'));

    expect(outcome.types).toEqual(['PurchaseFailed', 'DirectiveIssued', 'TimerScheduled']);
    expect(outcome.decision.events[0]?.data).toMatchObject({
      moDirectStatus: 'ServiceError',
      cause: {
        source: 'smdp',
        function: 'downloadOrder',
        failure: { kind: 'unavailable', attempts: 5, lastError: 'timeout' },
      },
    });
    // The input came at T0 + 2 min; the default delay is 300 s.
    expect(outcome.effects.at(-1)).toEqual(reconciliationTimer(4, '2025-06-01T10:07:00.000Z'));
    expect(outcome.snapshot.value).toBe('failed');
    expect(outcome.snapshot.context.unsettledDownloadOrder).toEqual({
      functionCallIdentifier: firstCall,
      eid: EID,
      profileType: 'MP-DEFAULT',
      attempts: 0,
      asking: false,
    });
  });

  it('re-asks with the same functionCallIdentifier and request when the timer fires', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.smdpUnavailable('downloadOrder')).when(
      t.timerFired('downloadOrderReconciliation'),
    );

    expect(outcome.types).toEqual(['TimerFired']);
    expect(outcome.effects).toEqual([
      {
        type: 'SendEs2Request',
        function: 'downloadOrder',
        functionCallIdentifier: firstCall,
        request: { eid: EID, profileType: 'MP-DEFAULT' },
        reconciliation: { attempt: 1 },
      },
    ]);
  });

  it('hands back the profile the re-ask names with CancelOrder (Available), and nothing is left to ask', () => {
    const t = inputs();
    const history = given(
      t.completed('inline'),
      t.smdpUnavailable('downloadOrder'),
      t.timerFired('downloadOrderReconciliation'),
    );
    const reserved = history.when(t.reaskReserved());

    expect(reserved.types).toEqual(['ProfileReserved']);
    expect(reserved.decision.events[0]?.data).toEqual({
      iccid: ICCID,
      eid: EID,
      functionCallIdentifier: firstCall,
    });
    expect(effectShapes(reserved.effects)).toEqual([
      {
        function: 'cancelOrder',
        request: { iccid: ICCID, eid: EID, finalProfileStatusIndicator: 'Available' },
      },
    ]);
    expect(reserved.snapshot.value).toBe('failed');
    expect(reserved.snapshot.context.unsettledDownloadOrder).toBeNull();
    expect(reserved.snapshot.context.timers.downloadOrderReconciliation).toBeNull();
  });

  it('a second answer to the same re-ask (a redelivered effect) is a duplicate: one reservation, one CancelOrder', () => {
    const t = inputs();
    const before = given(
      t.completed('inline'),
      t.smdpUnavailable('downloadOrder'),
      t.timerFired('downloadOrderReconciliation'),
    ).history;
    const step = t.reaskReserved();
    const answer = typeof step === 'function' ? step(fold(before).context) : step;
    const first = decide(before, answer, seedSettings);
    expect(first.outcome).toBe('accepted');
    const again = decide([...before, ...first.events], answer, seedSettings);
    expect(again.outcome).toBe('duplicate');
    expect(again.effects).toEqual([]);
  });

  it('a Failed answer settles it: nothing was allocated, nothing to cancel, no further re-ask', () => {
    const t = inputs();
    const outcome = given(
      t.completed('inline'),
      t.smdpUnavailable('downloadOrder'),
      t.timerFired('downloadOrderReconciliation'),
    ).when(t.reaskFailed());

    expect(outcome.types).toEqual(['SmdpCallFailed']);
    expect(outcome.effects).toEqual([]);
    expect(outcome.snapshot.context.unsettledDownloadOrder).toBeNull();
  });

  it('an unanswered re-ask is re-asked later, the delay doubling, and the last one alerts operations', () => {
    const t = inputs();
    const second = given(
      t.completed('inline'),
      t.smdpUnavailable('downloadOrder'),
      t.timerFired('downloadOrderReconciliation'),
    ).when(t.reaskUnavailable());
    expect(second.types).toEqual(['SmdpCallFailed', 'TimerScheduled']);
    // The unanswered re-ask came at T0 + 4 min; one re-ask made: 600 s.
    expect(second.effects).toEqual([reconciliationTimer(7, '2025-06-01T10:14:00.000Z')]);

    const last = given(
      t.completed('inline'),
      t.smdpUnavailable('downloadOrder'),
      t.timerFired('downloadOrderReconciliation'),
      t.reaskUnavailable(),
      t.timerFired('downloadOrderReconciliation'),
      t.reaskUnavailable(),
      t.timerFired('downloadOrderReconciliation'),
    ).when(t.reaskUnavailable());
    expect(last.types).toEqual(['SmdpCallFailed']);
    expect(last.effects).toEqual([
      {
        type: 'AlertOperations',
        code: 'DOWNLOAD_ORDER_UNSETTLED',
        message: expect.stringContaining(`DownloadOrder ${firstCall}`) as unknown,
      },
    ]);
  });

  it('also after a cancellation: the first call unanswered is re-asked', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.cancelled()).when(
      t.smdpUnavailable('downloadOrder'),
    );
    expect(outcome.types).toEqual(['SmdpCallFailed', 'TimerScheduled']);
    expect(outcome.snapshot.value).toBe('cancelled');
  });

  it('a purchase recorded before reconciliation existed decides as it did: no re-ask', () => {
    const t = inputs();
    const outcome = givenWith(
      { ...seedSettings, downloadOrderReconciliation: null },
      t.completed('inline'),
    ).when(t.smdpUnavailable('downloadOrder'));
    expect(outcome.types).toEqual(['PurchaseFailed', 'DirectiveIssued']);
    expect(outcome.snapshot.context.unsettledDownloadOrder).toBeNull();
  });

  it('a stale answer to an identifier nobody re-asked is rejected', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.smdpUnavailable('downloadOrder')).when(
      t.reaskReserved(),
    );
    expect(outcome.decision.outcome).toBe('rejected');
    expect(outcome.effects).toEqual([]);
  });
});
