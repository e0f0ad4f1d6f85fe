import { Headers } from '@mp/event-log';
import { edgeFetch } from '../support/edge-client';
import { hostileRecords } from '../support/hostile-records';
import { getJson, sendJson, testEid } from '../support/smdp-harness';
import { uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import { smdpAdapterSuite, type SmdpResult } from '../support/smdp-adapter/smdp-adapter-fixture';

// What the adapter does when things go wrong: retries of 5xx answers and timeouts, Failed answers passed through
// with their SGP.22 codes, an SM-DP+ down beyond the retry budget (the breaker), and unreadable effect records.
describe('SM-DP+ adapter against the simulator (ES2+ over mTLS, real broker)', () => {
  const smdp = smdpAdapterSuite();
  const { probe, admin, nextPurchase, requestEs2, callsOf } = smdp;

  it('retries 5xx answers and timeouts with the same functionCallIdentifier, and the SM-DP+ orders exactly once', async () => {
    const { transactionId, eid } = nextPurchase();
    // First attempt: processed but never answered (the answer is lost); second: 503; third: replayed answer.
    await sendJson('PUT', admin('/faults'), {
      rules: [
        { kind: 'timeout', function: 'downloadOrder', times: 1, ms: 3000 },
        { kind: 'http5xx', function: 'downloadOrder', times: 1, httpStatus: 503 },
      ],
    });

    const reserved = await requestEs2(transactionId, 1, 'downloadOrder', {
      eid,
      profileType: 'standard',
    });

    expect(reserved.outcome.status).toBe('succeeded');
    const calls = await callsOf(`fc-${transactionId}-1-downloadOrder`);
    expect(calls.map((call) => [call.fault, call.httpStatus, call.replayed])).toEqual([
      ['timeout', null, false],
      ['http5xx', 503, false],
      [null, 200, true],
    ]);
    const linked = (
      await getJson<{ profiles: { iccid: string; eid: string | null }[] }>(admin('/profiles'))
    ).profiles.filter((profile) => profile.eid === eid);
    expect(linked.map((profile) => profile.iccid)).toEqual([reserved.outcome.response!.iccid]);
  });

  it('passes a Failed answer through without retrying it: inventory exhaustion is 8.2.5/3.7', async () => {
    await sendJson('POST', admin('/pool'), { profileTypes: ['standard'], sizePerType: 1 });
    try {
      const first = nextPurchase();
      const second = nextPurchase();
      expect(
        (
          await requestEs2(first.transactionId, 1, 'downloadOrder', {
            eid: first.eid,
            profileType: 'standard',
          })
        ).outcome.status,
      ).toBe('succeeded');

      const exhausted = await requestEs2(second.transactionId, 1, 'downloadOrder', {
        eid: second.eid,
        profileType: 'standard',
      });

      expect(exhausted.outcome).toMatchObject({
        status: 'failed',
        subjectCode: '8.2.5',
        reasonCode: '3.7',
      });
      expect(await callsOf(`fc-${second.transactionId}-1-downloadOrder`)).toHaveLength(1);
    } finally {
      await sendJson('POST', admin('/pool'), {
        profileTypes: ['standard', 'travel'],
        sizePerType: 20,
      });
    }
  });

  // Issue 17 (found with osmocom pySim): an Executed-Success DownloadOrder answer with an 18-digit ICCID was taken
  // for a transport error, retried to the end of the budget, and the profile stayed reserved at the SM-DP+.
  it('ends the call on a success it cannot use (an 18-digit ICCID): no retry, the reserved profile released with CancelOrder', async () => {
    await sendJson('POST', admin('/pool'), {
      profileTypes: ['standard'],
      sizePerType: 2,
      iccidDigits: 18,
    });
    try {
      const { transactionId, eid } = nextPurchase();
      const fcid = `fc-${transactionId}-1-downloadOrder`;

      const result = await requestEs2(transactionId, 1, 'downloadOrder', {
        eid,
        profileType: 'standard',
      });

      expect(result.outcome).toMatchObject({
        status: 'failed',
        subjectCode: '8.2.1',
        reasonCode: '2.1',
      });
      const ordered = await callsOf(fcid);
      expect(ordered.map((call) => [call.function, call.httpStatus])).toEqual([
        ['downloadOrder', 200],
      ]);
      const iccid = (ordered[0] as unknown as { response: { iccid: string } }).response.iccid;
      expect(iccid).toMatch(/^89\d{16}$/);
      const released = await callsOf(`${fcid}/release`);
      expect(released.map((call) => [call.function, call.request.iccid])).toEqual([
        ['cancelOrder', iccid],
      ]);
      expect(released[0]!.request).toMatchObject({ finalProfileStatusIndicator: 'Unavailable' });
      const profile = await getJson<{ state: string; eid: string | null }>(
        admin(`/profiles/${iccid}`),
      );
      expect(profile).toMatchObject({ state: 'Unavailable', eid: null });
      expect(result.outcome.status).toBe('failed');

      // The same effect again (a redelivery after a crash): both calls are replayed, nothing is ordered twice.
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
            functionCallIdentifier: fcid,
            request: { eid, profileType: 'standard' },
          },
        },
        { [Headers.effectType]: 'SendEs2Request' },
      );
      await waitFor(
        async () => ((await callsOf(`${fcid}/release`)).length === 2 ? true : undefined),
        { what: 'the redelivered release' },
      );
      expect((await callsOf(fcid)).map((call) => call.replayed)).toEqual([false, true]);
      expect((await callsOf(`${fcid}/release`)).map((call) => call.replayed)).toEqual([
        false,
        true,
      ]);
      const pool = await getJson<{ profiles: { state: string }[] }>(admin('/profiles'));
      expect(pool.profiles.map((p) => p.state).sort()).toEqual(['Available', 'Unavailable']);
    } finally {
      await sendJson('POST', admin('/pool'), {
        profileTypes: ['standard', 'travel'],
        sizePerType: 20,
      });
    }
  });

  it('answers wrong transitions and unknown ICCIDs with the SGP.22 codes', async () => {
    const { transactionId, eid } = nextPurchase();
    const { outcome } = await requestEs2(transactionId, 1, 'downloadOrder', {
      eid,
      profileType: 'standard',
    });
    const iccid = outcome.response!.iccid!;

    const early = await requestEs2(transactionId, 2, 'releaseProfile', { iccid });
    expect(early.outcome).toMatchObject({
      status: 'failed',
      subjectCode: '8.2.1',
      reasonCode: '3.5',
    });

    const conflict = await requestEs2(transactionId, 3, 'confirmOrder', {
      iccid,
      eid: testEid(9999),
      releaseFlag: true,
    });
    expect(conflict.outcome).toMatchObject({
      status: 'failed',
      subjectCode: '8.1.1',
      reasonCode: '3.10',
    });

    const unknown = await requestEs2(transactionId, 4, 'cancelOrder', {
      iccid: '8988247000100003319',
      finalProfileStatusIndicator: 'Available',
    });
    expect(unknown.outcome).toMatchObject({
      status: 'failed',
      subjectCode: '8.2.1',
      reasonCode: '3.9',
    });

    const cancelled = await requestEs2(transactionId, 5, 'cancelOrder', {
      iccid,
      eid,
      finalProfileStatusIndicator: 'Available',
    });
    expect(cancelled.outcome.status).toBe('succeeded');
    expect((await getJson<{ state: string }>(admin(`/profiles/${iccid}`))).state).toBe('Available');
  });

  it('reports an SM-DP+ down beyond the retry budget as unavailable, and shows the open breaker in health and metrics', async () => {
    const { transactionId } = nextPurchase();
    smdp.logs.expectError(/^SM-DP\+ unavailable$/);
    await sendJson('PUT', admin('/faults'), { rules: [{ kind: 'reset' }] });

    const result = await requestEs2(transactionId, 1, 'releaseProfile', {
      iccid: '8988247000100003319',
    });

    expect(result.outcome).toMatchObject({ status: 'unavailable', attempts: 4 });
    expect(result.outcome.lastError).toBeTruthy();
    // What operations see: one error line for the call given up, not one per attempt.
    expect(smdp.logs.errors(/^SM-DP\+ unavailable$/)).toEqual([
      expect.objectContaining({ transactionId, function: 'releaseProfile', attempts: 4 }),
    ]);
    const health = await edgeFetch(`${smdp.adapter.url}/health/smdp`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'down', circuit: 'open' });
    const metrics = await (await edgeFetch(`${smdp.adapter.url}/metrics`)).text();
    const host = new URL(smdp.es2Url).host;
    expect(metrics).toContain(`mobileplans_smdp_circuit_state{smdp="${host}"} 1`);
    expect(metrics).toMatch(
      new RegExp(
        `mobileplans_smdp_calls_total\\{smdp="${host.replace('.', '\\.')}",function="releaseProfile",outcome="unavailable"\\} [1-9]`,
      ),
    );

    // The SM-DP+ comes back: after the half-open delay one trial call closes the breaker again.
    await edgeFetch(admin('/faults'), { method: 'DELETE' });
    const next = nextPurchase();
    const recovered = await requestEs2(next.transactionId, 1, 'downloadOrder', {
      eid: next.eid,
      profileType: 'standard',
    });
    expect(recovered.outcome.status).toBe('succeeded');
    await waitFor(
      async () =>
        (await getJson<{ circuit: string }>(`${smdp.adapter.url}/health/smdp`)).circuit === 'closed'
          ? true
          : undefined,
      { what: 'the breaker to close' },
    );
  });

  it('records an unreadable effect record as rejected and goes on with the next one', async () => {
    const key = uniqueName('bad');
    await probe.publish(probe.names.topics.purchaseEffects, key, '{not json', {
      [Headers.effectType]: 'SendEs2Request',
    });
    await probe.publish(
      probe.names.topics.purchaseEffects,
      key,
      {
        effectId: 'x',
        transactionId: key,
        causationId: 'c',
        issuedAt: new Date().toISOString(),
        effect: {
          type: 'SendEs2Request',
          function: 'releaseProfile',
          functionCallIdentifier: 'f',
          request: { iccid: '1234' },
        },
      },
      { [Headers.effectType]: 'SendEs2Request' },
    );

    const notJson = await probe.waitForRecord<{ code: string; source: { key: string } }>(
      probe.names.topics.rejectedRecords,
      (value) => value.source?.key === key && value.code === 'NOT_JSON',
      'the rejection of the unreadable record',
    );
    expect(notJson.value).toMatchObject({ transactionId: key, value: '{not json' });
    await probe.waitForRecord<{ code: string; source: { key: string } }>(
      probe.names.topics.rejectedRecords,
      (value) => value.source?.key === key && value.code === 'INVALID_ES2_REQUEST',
      'the rejection of the effect with an invalid ICCID',
    );
    const { transactionId, eid } = nextPurchase();
    expect(
      (await requestEs2(transactionId, 1, 'downloadOrder', { eid, profileType: 'standard' }))
        .outcome.status,
    ).toBe('succeeded');
  });

  // Issue 12 / G14: the records every consumer must survive, on one partition of the effects topic, then a valid one.
  it('rejects non-JSON, wrong-shape, oversized and absurd-timestamp effect records with their reasons, and the partition flows on', async () => {
    const key = uniqueName('hostile');
    const headers = { [Headers.effectType]: 'SendEs2Request' };
    const effect = (functionCallIdentifier: string, request: Record<string, unknown>) =>
      JSON.stringify({
        effectId: functionCallIdentifier,
        transactionId: key,
        causationId: 'c',
        issuedAt: new Date().toISOString(),
        effect: {
          type: 'SendEs2Request',
          function: 'downloadOrder',
          functionCallIdentifier,
          request,
        },
      });
    const { eid } = nextPurchase();
    const hostile = hostileRecords(
      0,
      key,
      effect(`fc-${key}-never`, { eid, profileType: 'standard' }),
      headers,
    );
    const nextFcid = `fc-${key}-next`;
    await probe.acceptAnyTimestamp(probe.names.topics.purchaseEffects);
    await probe.publishMessages(probe.names.topics.purchaseEffects, [
      ...hostile.map((record) => record.message),
      { partition: 0, key, value: effect(nextFcid, { eid, profileType: 'standard' }), headers },
    ]);

    const next = await probe.waitForRecord<SmdpResult>(
      probe.names.topics.purchaseInputs,
      (value) => value.input?.functionCallIdentifier === nextFcid,
      'the valid record after the hostile ones',
    );
    expect(next.value.input.outcome.status).toBe('succeeded');
    const rejectionsOf = () =>
      probe.seen.filter(
        (record) =>
          record.topic === probe.names.topics.rejectedRecords &&
          (record.value as { source?: { key?: string } }).source?.key === key,
      );
    await waitFor(() => (rejectionsOf().length >= hostile.length ? true : undefined), {
      what: 'every hostile record rejected',
    });
    const rejected = rejectionsOf()
      .map((record) => record.value as { code: string; reason: string; source: { offset: string } })
      .sort((a, b) => Number(a.source.offset) - Number(b.source.offset));
    expect(rejected.map((record) => record.code)).toEqual(
      hostile.map((record) => record.code ?? 'INVALID_EFFECT_RECORD'),
    );
    for (const record of rejected) expect(record.reason).toBeTruthy();
    expect(await callsOf(`fc-${key}-never`)).toEqual([]);
  });
});
