import { randomUUID } from 'node:crypto';
import { loadSmdpAdapterConfig, loadSmdpSimulatorConfig } from '@mp/config';
import { startHttpApp, type RunningApp } from '@mp/platform';
import { digest64 } from '@mp/purchase-machine';
import { smdpAdapterApp } from '../../apps/smdp-adapter/src/smdp-adapter.app';
import { smdpSimulatorApp } from '../../apps/smdp-simulator/src/smdp-simulator.app';
import { portalEvents, TEST_EID } from '../support/portal-events';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { edgeFetch, notificationUrl } from '../support/edge-client';
import { LogCapture } from '../support/log-capture';
import { freePort } from '../support/free-port';
import { sendJson } from '../support/smdp-harness';
import { waitFor } from '../support/wait-for';

// Whole purchases through the portal gateway and the orchestrator, with the real adapter calling the simulator
// over mutual TLS: what the SM-DP+ saw, the profile state it ends in, and the directive's activation code.
jest.setTimeout(120_000);

const SMDP_ADDRESS = 'smdp.flows.example';

interface Call {
  at: string;
  function: string;
  functionCallIdentifier: string | null;
  request: Record<string, unknown>;
  response: { header: { functionExecutionStatus: { status: string } } } | null;
  replayed: boolean;
}
interface View {
  status: string;
  flow: string;
  directive: { api: string; args: unknown[] } | null;
  profile: { iccid: string; matchingId: string | null; activationCode: string | null } | null;
  updatedAt: string;
}

describe('purchases end to end against the SM-DP+ simulator', () => {
  let system: PurchaseSystem;
  let simulator: RunningApp;
  let adapter: RunningApp;
  const adapterLogs = new LogCapture();

  beforeAll(async () => {
    const adapterPort = await freePort();
    system = await startPurchaseSystem({
      env: { RELEASE_LEAD_TIME_MINUTES: '1', SMDS_ADDRESS: 'lpa.ds.example' },
    });
    const env = {
      ...system.env,
      SMDP_SIMULATOR_PORT: '0',
      SMDP_SIMULATOR_ES2_PORT: '0',
      SMDP_SIMULATOR_SMDP_ADDRESS: SMDP_ADDRESS,
      SMDP_SIMULATOR_PROFILE_TYPES: 'standard,scarce:0,fragile',
      SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: '50',
      SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(adapterPort),
    };
    simulator = await startHttpApp(smdpSimulatorApp, loadSmdpSimulatorConfig(env));
    const { body } = await getJson(`${simulator.url}/simulator`);
    adapter = await startHttpApp(
      smdpAdapterApp,
      loadSmdpAdapterConfig({
        ...env,
        SMDP_ADAPTER_PORT: String(adapterPort),
        SMDP_ADAPTER_BASE_URL: String(body.es2Url),
        SMDP_ADAPTER_REQUEST_TIMEOUT_MS: '1000',
        SMDP_ADAPTER_RETRY_MAX_ATTEMPTS: '3',
        SMDP_ADAPTER_RETRY_INITIAL_DELAY_MS: '50',
        SMDP_ADAPTER_RETRY_MAX_DELAY_MS: '100',
        SMDP_ADAPTER_BREAKER_CONSECUTIVE_FAILURES: '10',
        SMDP_ADAPTER_BREAKER_HALF_OPEN_AFTER_MS: '200',
      }),
      { logDestination: adapterLogs.destination },
    );
  });

  afterAll(async () => {
    await adapter?.close();
    await simulator?.close();
    await system?.stop();
  });

  const admin = (path: string) => `${simulator.url}/simulator${path}`;

  async function callsOf(transactionId: string): Promise<Call[]> {
    const { body } = await getJson(admin('/calls'));
    const prefix = `mp-${digest64(transactionId)}-`;
    return (body.calls as Call[]).filter((call) => call.functionCallIdentifier?.startsWith(prefix));
  }

  async function profileState(iccid: string): Promise<string> {
    return String((await getJson(admin(`/profiles/${iccid}`))).body.state);
  }

  async function submit(event: Record<string, unknown>): Promise<View> {
    expect((await postJson(`${system.gatewayUrl}/v1/portal-events`, event)).status).toBe(202);
    return view(String(event.transactionId), 10_000);
  }

  async function view(transactionId: string, waitMs = 0): Promise<View> {
    const read = await getJson(
      `${system.gatewayUrl}/v1/purchases/${transactionId}?waitMs=${waitMs}`,
    );
    expect(read.status).toBe(200);
    return read.body as unknown as View;
  }

  const viewWhen = (transactionId: string, accept: (v: View) => boolean, what: string) =>
    waitFor(
      async () => {
        const current = await view(transactionId);
        return accept(current) ? current : undefined;
      },
      { timeoutMs: 20_000, what },
    );

  const succeeded = (call: Call) => call.response?.header.functionExecutionStatus.status;

  // Started first: its release is due a minute later, and the other tests run meanwhile.
  const delayed = { transactionId: `delayed-${randomUUID()}`, acceptedAt: 0 };
  const delayedCancelled = { transactionId: `delayed-cancel-${randomUUID()}` };

  it('delayedProfile: ConfirmOrder without release, the directive, and no ReleaseProfile yet', async () => {
    delayed.acceptedAt = Date.now();
    const current = await submit(
      portalEvents.delayedProfile(delayed.transactionId, { downloadDelayMinutes: 2 }),
    );

    expect(current).toMatchObject({ flow: 'delayedProfile', status: 'awaitingRelease' });
    expect(current.directive).toMatchObject({ api: 'MobilePlans.notifyPurchaseDelayedProfile' });
    const calls = await callsOf(delayed.transactionId);
    expect(calls.map((call) => call.function)).toEqual(['downloadOrder', 'confirmOrder']);
    expect(calls[1]!.request).toMatchObject({ releaseFlag: false, smdsAddress: 'lpa.ds.example' });
    expect(await profileState(current.profile!.iccid)).toBe('Confirmed');
  });

  it('delayedProfile cancelled before the release: CancelOrder, the profile back to Available', async () => {
    const started = await submit(
      portalEvents.delayedProfile(delayedCancelled.transactionId, { downloadDelayMinutes: 2 }),
    );
    expect(started.status).toBe('awaitingRelease');

    await postJson(
      `${system.gatewayUrl}/v1/portal-events`,
      portalEvents.cancelled(delayedCancelled.transactionId),
    );

    await waitFor(
      async () =>
        (await callsOf(delayedCancelled.transactionId)).some((c) => c.function === 'cancelOrder')
          ? true
          : undefined,
      { timeoutMs: 20_000, what: 'CancelOrder at the SM-DP+' },
    );
    const cancel = (await callsOf(delayedCancelled.transactionId)).find(
      (c) => c.function === 'cancelOrder',
    )!;
    expect(cancel.request).toMatchObject({ finalProfileStatusIndicator: 'Available' });
    await waitFor(
      async () => ((await profileState(started.profile!.iccid)) === 'Available' ? true : undefined),
      { what: 'the cancelled profile back in the pool' },
    );
  });

  it('inline: DownloadOrder then ConfirmOrder(releaseFlag true), the activation code, and an installed notification completes the purchase', async () => {
    const transactionId = `inline-${randomUUID()}`;
    const current = await submit(portalEvents.inline(transactionId));

    const { iccid, matchingId, activationCode } = current.profile!;
    expect(activationCode).toBe(`1$${SMDP_ADDRESS}$${matchingId}`);
    expect(current.directive!.args).toContain(activationCode);
    const calls = await callsOf(transactionId);
    expect(calls.map((call) => [call.function, succeeded(call)])).toEqual([
      ['downloadOrder', 'Executed-Success'],
      ['confirmOrder', 'Executed-Success'],
    ]);
    expect(calls[0]!.request).toMatchObject({ eid: TEST_EID, profileType: 'standard' });
    expect(calls[1]!.request).toMatchObject({
      iccid: `${iccid}F`,
      eid: TEST_EID,
      releaseFlag: true,
    });
    expect(await profileState(iccid)).toBe('Released');

    const device = await sendJson('POST', admin('/device/downloads'), {
      matchingId,
      outcome: 'installed',
    });
    expect(device.status).toBe(201);

    await viewWhen(transactionId, (v) => v.status === 'completed', 'the purchase to complete');
    expect(await profileState(iccid)).toBe('Installed');
  });

  it('asyncConnectivity: the profile released at once, the network stand-in answers, the directive carries the code', async () => {
    const transactionId = `async-${randomUUID()}`;
    const current = await submit(portalEvents.asyncConnectivity(transactionId));

    const { iccid, matchingId } = current.profile!;
    expect(current.directive).toMatchObject({
      api: 'MobilePlans.notifyPurchaseWithProfileDownload',
      args: [expect.anything(), `1$${SMDP_ADDRESS}$${matchingId}`, 5],
    });
    expect((await callsOf(transactionId)).map((call) => call.function)).toEqual([
      'downloadOrder',
      'confirmOrder',
    ]);
    expect(await profileState(iccid)).toBe('Released');
    await sendJson('POST', admin('/device/downloads'), { matchingId, outcome: 'installed' });
    await viewWhen(transactionId, (v) => v.status === 'completed', 'the purchase to complete');
  });

  it('inventory exhaustion fails the purchase with ServiceError', async () => {
    const transactionId = `scarce-${randomUUID()}`;
    await postJson(
      `${system.gatewayUrl}/v1/portal-events`,
      portalEvents.inline(transactionId, { profileType: 'scarce' }),
    );

    const failed = await viewWhen(
      transactionId,
      (v) => v.status === 'failed',
      'the purchase to fail',
    );

    expect(failed.directive).toMatchObject({
      api: 'MobilePlans.notifyCancelledPurchase',
      args: [expect.objectContaining({ moDirectStatus: 'ServiceError', planName: '' })],
    });
    const calls = await callsOf(transactionId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.response).toMatchObject({
      header: {
        functionExecutionStatus: {
          status: 'Failed',
          statusCodeData: { subjectCode: '8.2.5', reasonCode: '3.7' },
        },
      },
    });
  });

  it('an SM-DP+ down for longer than the retry budget fails the purchase visibly', async () => {
    const transactionId = `down-${randomUUID()}`;
    adapterLogs.expectError(/^SM-DP\+ unavailable$/);
    await sendJson('PUT', admin('/faults'), {
      rules: [{ kind: 'http5xx', function: 'downloadOrder', times: 3 }],
    });
    try {
      await postJson(
        `${system.gatewayUrl}/v1/portal-events`,
        portalEvents.inline(transactionId, { profileType: 'fragile' }),
      );

      const failed = await viewWhen(
        transactionId,
        (v) => v.status === 'failed',
        'the purchase to fail',
      );

      expect(failed.directive).toMatchObject({
        args: [expect.objectContaining({ moDirectStatus: 'ServiceError' })],
      });
      expect((await callsOf(transactionId)).map((call) => call.function)).toEqual([
        'downloadOrder',
        'downloadOrder',
        'downloadOrder',
      ]);
      expect(adapterLogs.errors(/^SM-DP\+ unavailable$/)).toEqual([
        expect.objectContaining({ transactionId, function: 'downloadOrder', attempts: 3 }),
      ]);
    } finally {
      await edgeFetch(admin('/faults'), { method: 'DELETE' });
    }
  });

  it('LPA remediation: a failed download is seen, and a later report that the profile is claimed re-orders it (CancelOrder, new order, new code)', async () => {
    const transactionId = `remedy-${randomUUID()}`;
    const first = await submit(portalEvents.inline(transactionId));
    const { iccid, matchingId, activationCode } = first.profile!;

    const device = await sendJson('POST', admin('/device/downloads'), {
      matchingId,
      outcome: 'downloadFailed',
    });
    expect(device.body).toMatchObject({
      state: 'Error',
      notifications: [{ notificationPointId: 3, status: 'Failed', httpStatus: 204 }],
    });

    await postJson(`${system.gatewayUrl}/v1/portal-events`, {
      eventId: randomUUID(),
      type: 'LpaErrorReported',
      transactionId,
      occurredAt: new Date().toISOString(),
      iccid,
      codes: ['ProfileNotAvailableForNewBinding'],
      timestamps: ['2026-01-01 10:00:00'],
    });

    const reordered = await viewWhen(
      transactionId,
      (v) => v.profile !== null && v.profile.iccid !== iccid && v.profile.activationCode !== null,
      'a new profile after the remediation',
    );
    expect(reordered.profile!.activationCode).not.toBe(activationCode);
    const functions = (await callsOf(transactionId)).map((call) => call.function);
    expect(functions.slice(0, 2)).toEqual(['downloadOrder', 'confirmOrder']);
    expect(functions).toEqual(expect.arrayContaining(['cancelOrder']));
    expect(functions.filter((fn) => fn === 'downloadOrder')).toHaveLength(2);
    await waitFor(async () => ((await profileState(iccid)) === 'Available' ? true : undefined), {
      what: 'the failed profile back in the pool',
    });
  });

  it('LPA remediation: ProfileNotReleasedByOperator releases the profile now, with the same activation code', async () => {
    const transactionId = `notreleased-${randomUUID()}`;
    const current = await submit(
      portalEvents.delayedProfile(transactionId, { downloadDelayMinutes: 60 }),
    );
    const { iccid, matchingId } = current.profile!;

    const refused = await sendJson('POST', admin('/device/downloads'), {
      matchingId,
      outcome: 'installed',
    });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { code: 'ProfileNotReleasedByOperator' } },
    });

    await postJson(`${system.gatewayUrl}/v1/portal-events`, {
      eventId: randomUUID(),
      type: 'LpaErrorReported',
      transactionId,
      occurredAt: new Date().toISOString(),
      iccid,
      codes: ['ProfileNotReleasedByOperator'],
      timestamps: ['2026-01-01 10:00:00'],
    });

    await waitFor(async () => ((await profileState(iccid)) === 'Released' ? true : undefined), {
      timeoutMs: 20_000,
      what: 'ReleaseProfile after the LPA report',
    });
    expect((await callsOf(transactionId)).map((call) => call.function)).toEqual([
      'downloadOrder',
      'confirmOrder',
      'releaseProfile',
    ]);
    expect(
      (await sendJson('POST', admin('/device/downloads'), { matchingId, outcome: 'installed' }))
        .status,
    ).toBe(201);
  });

  it('delayedProfile: ReleaseProfile is sent once due (a lead time before the interval ends), never for the cancelled one', async () => {
    const dueAt = delayed.acceptedAt + 60_000;
    const intervalEnd = delayed.acceptedAt + 120_000;
    const release = await waitFor(
      async () =>
        (await callsOf(delayed.transactionId)).find((call) => call.function === 'releaseProfile'),
      { timeoutMs: 90_000, intervalMs: 250, what: 'ReleaseProfile of the delayed purchase' },
    );

    const releasedAt = Date.parse(release.at);
    expect(releasedAt).toBeGreaterThanOrEqual(dueAt - 1000);
    expect(releasedAt).toBeLessThan(intervalEnd);
    expect(succeeded(release)).toBe('Executed-Success');
    // The cancelled purchase's release was due at about the same time: it never came.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await callsOf(delayedCancelled.transactionId)).map((call) => call.function)).toEqual([
      'downloadOrder',
      'confirmOrder',
      'cancelOrder',
    ]);
  });
});
