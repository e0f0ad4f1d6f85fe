import { decide } from '../decider/purchase-decider';
import { given } from '../testing/given-when-then.helper';
import { inputs, seedSettings } from '../testing/inputs.fixture';

describe('invalid inputs become rejections, never exceptions', () => {
  it('a schema error is rejected with INVALID_INPUT and the offending path, recorded when the purchase is known', () => {
    const t = inputs();
    const start = given(t.completed('inline'));
    const outcome = start.when({
      id: 'bad-1',
      at: '2025-06-01T11:00:00Z',
      transactionId: 'tx-1',
      kind: 'timerFired',
    });
    expect(outcome.decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'INVALID_INPUT', parameter: 'timerId' },
    });
    expect(outcome.decision.events[0]).toMatchObject({
      type: 'CommandRejected',
      data: { code: 'INVALID_INPUT', inputKind: 'unknown', state: 'reserving' },
      metadata: { sequence: 2, causationId: 'bad-1' },
    });
    expect(outcome.snapshot.value).toBe('reserving');
  });

  it.each([null, 42, 'text', {}, { kind: 'timerFired' }])(
    'garbage %j is rejected with no event',
    (input) => {
      const decision = decide([], input, seedSettings);
      expect(decision).toMatchObject({
        outcome: 'rejected',
        rejection: { code: 'INVALID_INPUT' },
        events: [],
      });
    },
  );

  it.each([
    ['Complete with an empty planName', { moDirectStatus: 'Complete', planName: '' }],
    ['a failure status on a completed purchase', { moDirectStatus: 'ServiceError', planName: '' }],
  ])('D21: PurchaseCompleted with %s is rejected', (_label, metadata) => {
    const t = inputs();
    const input = t.completed('inline', { purchaseMetadata: metadata });
    const decision = decide([], input, seedSettings);
    expect(decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'PURCHASE_METADATA_RULE' },
    });
    expect(decision.events.map((e) => e.type)).toEqual(['CommandRejected']);
    expect(decision.effects).toEqual([]);
  });

  it('D21: PurchaseFailed with a plan name or a non-failure status is rejected', () => {
    const t = inputs();
    expect(decide([], t.failed('ServiceError', '2GB'), seedSettings)).toMatchObject({
      rejection: { code: 'PURCHASE_METADATA_RULE' },
    });
    expect(decide([], t.failed('Complete', ''), seedSettings)).toMatchObject({
      rejection: { code: 'PURCHASE_METADATA_RULE' },
    });
  });

  it('D21: PurchaseCancelled with a plan name is rejected', () => {
    const t = inputs();
    expect(decide([], t.cancelled({ planName: '2GB' }), seedSettings)).toMatchObject({
      rejection: { code: 'PURCHASE_METADATA_RULE' },
    });
  });

  it('an event the state does not accept is rejected with NOT_ACCEPTED_IN_STATE', () => {
    const t = inputs();
    const outcome = given(t.completed('inline')).when(t.completed('inline'));
    expect(outcome.decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'NOT_ACCEPTED_IN_STATE' },
    });
  });

  it('the same input twice is a duplicate with no new events (G3), also for a rejected input', () => {
    const t = inputs();
    const first = t.completed('inline');
    const start = given(first);
    expect(start.when(first)).toMatchObject({
      decision: { outcome: 'duplicate', events: [], effects: [] },
    });
    const u = inputs();
    const bad = u.completed('inline', {
      purchaseMetadata: { moDirectStatus: 'Complete', planName: '' },
    });
    const rejected = decide([], bad, seedSettings);
    expect(decide(rejected.events, bad, seedSettings).outcome).toBe('duplicate');
  });

  it('an SM-DP+ result for a call that is not pending is STALE_SMDP_RESULT', () => {
    const t = inputs();
    const outcome = given(t.completed('inline')).when({
      id: 'r-1',
      at: '2025-06-01T11:00:00Z',
      transactionId: 'tx-1',
      kind: 'smdpResult',
      function: 'downloadOrder',
      functionCallIdentifier: 'mp-other',
      outcome: { status: 'succeeded', response: { iccid: '8988247000101867183' } },
    });
    expect(outcome.decision).toMatchObject({ rejection: { code: 'STALE_SMDP_RESULT' } });
  });

  it('a success response without its required fields is INVALID_SMDP_RESPONSE', () => {
    const t = inputs();
    const outcome = given(t.completed('inline')).when((context) => ({
      id: 'r-1',
      at: '2025-06-01T11:00:00Z',
      transactionId: 'tx-1',
      kind: 'smdpResult',
      function: 'downloadOrder',
      functionCallIdentifier: context.pending.downloadOrder ?? '',
      outcome: { status: 'succeeded', response: {} },
    }));
    expect(outcome.decision).toMatchObject({ rejection: { code: 'INVALID_SMDP_RESPONSE' } });
  });

  it('an input for a purchase that never started is UNKNOWN_PURCHASE, with nothing recorded', () => {
    const t = inputs();
    const decision = decide([], t.progress(3), seedSettings);
    expect(decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'UNKNOWN_PURCHASE' },
      events: [],
    });
  });

  it('an input routed to the wrong purchase is TRANSACTION_MISMATCH', () => {
    const t = inputs();
    const other = inputs('tx-2');
    const outcome = given(t.completed('inline')).when(other.cancelled());
    expect(outcome.decision).toMatchObject({ rejection: { code: 'TRANSACTION_MISMATCH' } });
    expect(outcome.decision.events).toEqual([]);
  });

  it('a timer that is not pending is TIMER_NOT_PENDING', () => {
    const t = inputs();
    const outcome = given(t.completed('inline')).when(t.timerFired());
    expect(outcome.decision).toMatchObject({ rejection: { code: 'TIMER_NOT_PENDING' } });
  });

  it('invalid settings for a new purchase are a rejection, not an exception', () => {
    const t = inputs();
    const decision = decide([], t.completed('inline'), { defaultProfileType: '' });
    expect(decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'INVALID_INPUT', parameter: 'settings' },
    });
  });
});
