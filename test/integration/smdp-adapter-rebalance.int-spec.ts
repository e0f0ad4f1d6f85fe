import { Headers } from '@mp/event-log';
import { sendJson } from '../support/smdp-harness';
import { waitFor } from '../support/wait-for';
import { smdpAdapterSuite, type SmdpResult } from '../support/smdp-adapter/smdp-adapter-fixture';

// Issue 12: a rebalance during an ES2+ call used to spend the retry budget on heartbeat errors (the member cannot
// rejoin while it is stuck in the call), so the purchase failed `unavailable` and the profile stayed allocated.
jest.setTimeout(120_000);

describe('SM-DP+ adapter: the group rebalances while an ES2+ call is in flight', () => {
  // A budget that outlasts the injected faults, and a breaker that does not open on them.
  const smdp = smdpAdapterSuite({
    SMDP_ADAPTER_RETRY_MAX_ATTEMPTS: '40',
    SMDP_ADAPTER_RETRY_MAX_ELAPSED_MS: '45000',
    SMDP_ADAPTER_BREAKER_CONSECUTIVE_FAILURES: '100',
  });
  const { probe, admin, nextPurchase, callsOf } = smdp;

  it('abandons the call on the failed heartbeat, publishes nothing, and the next owner makes it with the same functionCallIdentifier', async () => {
    const { transactionId, eid } = nextPurchase();
    const functionCallIdentifier = `fc-${transactionId}-1-downloadOrder`;
    // The SM-DP+ executes the first attempt, and the answers of the next ones are lost for about ten seconds:
    // the call is still in flight when the second member joins.
    await sendJson('PUT', admin('/faults'), {
      rules: [{ kind: 'timeout', function: 'downloadOrder', times: 12, ms: 2000 }],
    });
    await probe.publish(
      probe.names.topics.purchaseEffects,
      transactionId,
      {
        effectId: `${transactionId}:1`,
        transactionId,
        causationId: 'cause-1',
        issuedAt: new Date().toISOString(),
        effect: {
          type: 'SendEs2Request',
          function: 'downloadOrder',
          functionCallIdentifier,
          request: { eid, profileType: 'standard' },
        },
      },
      { [Headers.effectType]: 'SendEs2Request' },
    );
    await waitFor(
      async () => ((await callsOf(functionCallIdentifier)).length > 0 ? true : undefined),
      { what: 'the call under way' },
    );

    await smdp.startAnotherAdapter();

    const { value } = await probe.waitForRecord<SmdpResult>(
      probe.names.topics.purchaseInputs,
      (v) => v.input?.functionCallIdentifier === functionCallIdentifier,
      'the downloadOrder result',
      90_000,
    );
    expect(value.input.outcome.status).toBe('succeeded');
    const calls = await callsOf(functionCallIdentifier);
    // One order at the SM-DP+: every later attempt, by either member, got the stored answer.
    expect(calls.filter((call) => !call.replayed)).toHaveLength(1);
    expect(calls.length).toBeGreaterThan(1);
    const results = probe.seen.filter(
      (record) =>
        record.topic === probe.names.topics.purchaseInputs &&
        (record.value as SmdpResult).input?.functionCallIdentifier === functionCallIdentifier,
    );
    expect(results.map((record) => (record.value as SmdpResult).input.outcome.status)).toEqual([
      'succeeded',
    ]);
  });
});
