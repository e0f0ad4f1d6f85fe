import { provisioningResultSchema } from '@mp/contracts';
import { getJson } from '../support/smdp-harness';
import {
  REQUESTER,
  smdpAdapterSuite,
  type CallRecord,
} from '../support/smdp-adapter/smdp-adapter-fixture';

// The effects the orchestrator issues, carried out: the ES2+ order sequence (DownloadOrder, ConfirmOrder,
// ReleaseProfile) and ProvisionConnectivity. Failures and retries: smdp-adapter-failures.int-spec.ts; download
// notifications: smdp-adapter-notifications.int-spec.ts; mutual TLS: smdp-adapter-mtls.int-spec.ts.
describe('SM-DP+ adapter against the simulator (ES2+ over mTLS, real broker)', () => {
  const smdp = smdpAdapterSuite();
  const { probe, admin, nextPurchase, requestEs2 } = smdp;

  it('carries out DownloadOrder, ConfirmOrder and ReleaseProfile in order, with the ES2+ header and F padding', async () => {
    const { transactionId, eid } = nextPurchase();

    const reserved = await requestEs2(transactionId, 1, 'downloadOrder', {
      eid,
      profileType: 'standard',
    });
    expect(reserved.outcome.status).toBe('succeeded');
    const iccid = reserved.outcome.response!.iccid!;
    expect(iccid).toMatch(/^8988247\d{12}$/);

    const confirmed = await requestEs2(transactionId, 2, 'confirmOrder', {
      iccid,
      eid,
      releaseFlag: false,
    });
    const matchingId = confirmed.outcome.response?.matchingId ?? '';
    expect(matchingId).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(confirmed.outcome).toEqual({
      status: 'succeeded',
      response: { eid, matchingId, smdpAddress: 'smdp.it.example' },
    });
    expect((await getJson<{ state: string }>(admin(`/profiles/${iccid}`))).state).toBe('Confirmed');

    const released = await requestEs2(transactionId, 3, 'releaseProfile', { iccid });
    expect(released.outcome).toEqual({ status: 'succeeded', response: {} });

    const profile = await getJson<{ state: string; eid: string; history: { to: string }[] }>(
      admin(`/profiles/${iccid}`),
    );
    expect(profile).toMatchObject({ state: 'Released', eid });
    expect(profile.history.map((change) => change.to)).toEqual(['Linked', 'Confirmed', 'Released']);

    const calls = (await getJson<{ calls: CallRecord[] }>(admin('/calls'))).calls.filter((call) =>
      call.functionCallIdentifier?.startsWith(`fc-${transactionId}-`),
    );
    expect(calls.map((call) => call.function)).toEqual([
      'downloadOrder',
      'confirmOrder',
      'releaseProfile',
    ]);
    for (const call of calls) {
      expect(call).toMatchObject({
        functionRequesterIdentifier: REQUESTER,
        client: 'mobileplans-smdp-adapter',
        httpStatus: 200,
        replayed: false,
      });
      expect(call.adminProtocol).toMatch(/^gsma\/rsp\/v2\.\d+\.\d+$/);
    }
    expect(calls[0]!.request).toEqual({
      header: {
        functionRequesterIdentifier: REQUESTER,
        functionCallIdentifier: `fc-${transactionId}-1-downloadOrder`,
      },
      eid,
      profileType: 'standard',
    });
    // 19-digit ICCIDs travel F-padded to 20; results carry them without the filler.
    expect(calls[1]!.request).toMatchObject({ iccid: `${iccid}F`, eid, releaseFlag: false });
    expect(calls[2]!.request).toMatchObject({ iccid: `${iccid}F` });
  });

  it('keeps the smdpAddress the SM-DP+ answers in ConfirmOrder (the fallback applies only when it is missing)', async () => {
    const { transactionId, eid } = nextPurchase();
    const { outcome } = await requestEs2(transactionId, 1, 'downloadOrder', {
      eid,
      profileType: 'standard',
    });
    const confirmed = await requestEs2(transactionId, 2, 'confirmOrder', {
      iccid: outcome.response!.iccid,
      eid,
      releaseFlag: true,
    });
    expect(confirmed.outcome.response!.smdpAddress).toBe('smdp.it.example');
  });

  it('answers provisioning requests as the network stand-in, in the provisioning contract (ADR 0021)', async () => {
    const { transactionId, eid } = nextPurchase();
    const iccid = '8988247000100003319';
    const requestId = `${transactionId}:7/effect/0`;
    await probe.publish(probe.names.topics.provisioningRequests, iccid, {
      requestId,
      activation: 'warmSim',
      transactionId,
      iccid,
      eid,
      plan: {
        planId: 'plan-2gb',
        planName: '2GB Monthly',
        balanceType: 'MODIRECTPAYG',
        dataMB: 2048,
        validity: 'P30D',
        locations: ['US'],
      },
      completeBy: new Date().toISOString(),
      requestedAt: new Date().toISOString(),
    });

    const { value, record } = await probe.waitForRecord<Record<string, unknown>>(
      probe.names.topics.provisioningResults,
      (v) => v.requestId === requestId,
      'the provisioning result',
    );
    expect(record.key).toBe(iccid);
    expect(value).toMatchObject({ transactionId, iccid, outcome: 'provisioned' });
    expect(provisioningResultSchema.safeParse(value).success).toBe(true);
  });
});
