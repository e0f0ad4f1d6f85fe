import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { resolve } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { loadSmdpAdapterConfig, loadSmdpSimulatorConfig } from '@mp/config';
import { Headers } from '@mp/event-log';
import { startHttpApp, type RunningApp } from '@mp/platform';
import { smdpAdapterApp } from '../../apps/smdp-adapter/src/smdp-adapter.app';
import { Es2plusHttpClient } from '../../apps/smdp-adapter/src/es2/es2plus-http.client';
import { smdpSimulatorApp } from '../../apps/smdp-simulator/src/smdp-simulator.app';
import { freePort, getJson, sendJson, testEid, TopicProbe } from '../support/smdp-harness';
import { isolatedEnvironment, testEnvironment, uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// The adapter and the simulator on the real broker, talking ES2+ over real mutual TLS. The test stands in for the
// orchestrator: it publishes effect records and reads the inputs the adapter publishes.
const certs = resolve(__dirname, '../../.local/certs');
const REQUESTER = 'it-operator';

interface CallRecord {
  function: string;
  functionRequesterIdentifier: string | null;
  functionCallIdentifier: string | null;
  adminProtocol: string | null;
  client: string | null;
  request: Record<string, unknown>;
  httpStatus: number | null;
  replayed: boolean;
  fault: string | null;
}
interface SmdpResult {
  kind: 'input';
  address: { transactionId: string };
  input: {
    kind: string;
    id: string;
    function: string;
    functionCallIdentifier: string;
    outcome: {
      status: string;
      response?: Record<string, string>;
      subjectCode?: string;
      reasonCode?: string;
      attempts?: number;
      lastError?: string;
    };
  };
}

describe('SM-DP+ adapter against the simulator (ES2+ over mTLS, real broker)', () => {
  const isolation = isolatedEnvironment('smdp');
  const probe = new TopicProbe(isolation.KAFKA_NAMESPACE);
  let simulator: RunningApp;
  let adapter: RunningApp;
  let es2Url: string;
  let serial = 0;

  beforeAll(async () => {
    const adapterPort = await freePort();
    const env = testEnvironment({
      ...isolation,
      SMDP_SIMULATOR_PORT: '0',
      SMDP_SIMULATOR_ES2_PORT: '0',
      SMDP_SIMULATOR_POOL_SIZE: '20',
      SMDP_SIMULATOR_SMDP_ADDRESS: 'smdp.it.example',
      SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: '0',
      SMDP_SIMULATOR_NOTIFICATION_URL: `http://127.0.0.1:${adapterPort}/gsma/rsp2/es2plus/handleDownloadProgressInfo`,
    });
    simulator = await startHttpApp(smdpSimulatorApp, loadSmdpSimulatorConfig(env));
    es2Url = (await getJson<{ es2Url: string }>(`${simulator.url}/simulator`)).es2Url;
    adapter = await startHttpApp(
      smdpAdapterApp,
      loadSmdpAdapterConfig({
        ...env,
        SMDP_ADAPTER_PORT: String(adapterPort),
        SMDP_ADAPTER_BASE_URL: es2Url,
        SMDP_ADAPTER_FUNCTION_REQUESTER_ID: REQUESTER,
        SMDP_ADAPTER_SMDP_ADDRESS: 'fallback.smdp.example',
        SMDP_ADAPTER_REQUEST_TIMEOUT_MS: '800',
        SMDP_ADAPTER_RETRY_MAX_ATTEMPTS: '4',
        SMDP_ADAPTER_RETRY_INITIAL_DELAY_MS: '50',
        SMDP_ADAPTER_RETRY_MAX_DELAY_MS: '200',
        SMDP_ADAPTER_BREAKER_CONSECUTIVE_FAILURES: '3',
        SMDP_ADAPTER_BREAKER_HALF_OPEN_AFTER_MS: '500',
      }),
    );
    await probe.start([probe.names.topics.purchaseInputs, probe.names.topics.rejectedRecords]);
  });

  afterAll(async () => {
    await probe.stop();
    await adapter?.close();
    await simulator?.close();
  });

  afterEach(async () => {
    await fetch(`${simulator.url}/simulator/faults`, { method: 'DELETE' });
  });

  const admin = (path: string) => `${simulator.url}/simulator${path}`;

  function nextPurchase() {
    serial += 1;
    return { transactionId: uniqueName('tx'), eid: testEid(serial) };
  }

  async function requestEs2(
    transactionId: string,
    step: number,
    fn: string,
    request: Record<string, unknown>,
  ): Promise<SmdpResult['input']> {
    const functionCallIdentifier = `fc-${transactionId}-${step}-${fn}`;
    await probe.publish(
      probe.names.topics.purchaseEffects,
      transactionId,
      {
        effectId: `${transactionId}:${step}`,
        transactionId,
        causationId: `cause-${step}`,
        issuedAt: new Date().toISOString(),
        effect: { type: 'SendEs2Request', function: fn, functionCallIdentifier, request },
      },
      { [Headers.effectType]: 'SendEs2Request' },
    );
    const { value, record } = await probe.waitForRecord<SmdpResult>(
      probe.names.topics.purchaseInputs,
      (v) => v.input?.functionCallIdentifier === functionCallIdentifier,
      `the ${fn} result`,
    );
    expect(record.key).toBe(transactionId);
    expect(value.address).toEqual({ transactionId });
    expect(value.input.id).toBe(`smdp:${functionCallIdentifier}`);
    return value.input;
  }

  const callsOf = async (fcid: string) =>
    (
      await getJson<{ calls: CallRecord[] }>(
        admin(`/calls?functionCallIdentifier=${encodeURIComponent(fcid)}`),
      )
    ).calls;

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
    await sendJson('PUT', admin('/faults'), { rules: [{ kind: 'reset' }] });

    const result = await requestEs2(transactionId, 1, 'releaseProfile', {
      iccid: '8988247000100003319',
    });

    expect(result.outcome).toMatchObject({ status: 'unavailable', attempts: 4 });
    expect(result.outcome.lastError).toBeTruthy();
    const health = await fetch(`${adapter.url}/health/smdp`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'down', circuit: 'open' });
    const metrics = await (await fetch(`${adapter.url}/metrics`)).text();
    const host = new URL(es2Url).host;
    expect(metrics).toContain(`mobileplans_smdp_circuit_state{smdp="${host}"} 1`);
    expect(metrics).toMatch(
      new RegExp(
        `mobileplans_smdp_calls_total\\{smdp="${host.replace('.', '\\.')}",function="releaseProfile",outcome="unavailable"\\} [1-9]`,
      ),
    );

    // The SM-DP+ comes back: after the half-open delay one trial call closes the breaker again.
    await fetch(admin('/faults'), { method: 'DELETE' });
    const next = nextPurchase();
    const recovered = await requestEs2(next.transactionId, 1, 'downloadOrder', {
      eid: next.eid,
      profileType: 'standard',
    });
    expect(recovered.outcome.status).toBe('succeeded');
    await waitFor(
      async () =>
        (await getJson<{ circuit: string }>(`${adapter.url}/health/smdp`)).circuit === 'closed'
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
      (value) => value.source?.key === key && value.code === 'INVALID_EFFECT_RECORD',
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

  it('turns the device side download notifications into downloadProgress inputs addressed by ICCID', async () => {
    const { transactionId, eid } = nextPurchase();
    const { outcome } = await requestEs2(transactionId, 1, 'downloadOrder', {
      eid,
      profileType: 'standard',
    });
    const iccid = outcome.response!.iccid!;
    const confirmed = await requestEs2(transactionId, 2, 'confirmOrder', {
      iccid,
      eid,
      releaseFlag: true,
    });

    const device = await sendJson('POST', admin('/device/downloads'), {
      matchingId: confirmed.outcome.response!.matchingId,
      outcome: 'installed',
    });

    expect(device).toMatchObject({
      status: 201,
      body: {
        state: 'Installed',
        notifications: [
          { notificationPointId: 3, status: 'Executed-Success', httpStatus: 204 },
          { notificationPointId: 4, status: 'Executed-Success', httpStatus: 204 },
        ],
      },
    });
    for (const point of [3, 4]) {
      const { value, record } = await probe.waitForRecord<{
        address: { iccid: string };
        input: Record<string, unknown>;
      }>(
        probe.names.topics.purchaseInputs,
        (v) =>
          v.input?.kind === 'downloadProgress' &&
          v.input.iccid === iccid &&
          v.input.notificationPointId === point,
        `notification point ${point}`,
      );
      expect(record.key).toBe(iccid);
      expect(value.address).toEqual({ iccid });
      expect(value.input).toMatchObject({
        eid,
        profileType: 'standard',
        notificationPointStatus: { status: 'Executed-Success' },
      });
      expect(value.input.id).toMatch(/^dpi:/);
    }
  });

  it('answers a notification that lacks a mandatory element with the ES2+ Failed body', async () => {
    const response = await fetch(`${adapter.url}/gsma/rsp2/es2plus/handleDownloadProgressInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' },
      body: JSON.stringify({
        header: { functionRequesterIdentifier: 'smdp', functionCallIdentifier: 'n-1' },
        profileType: 'standard',
        timestamp: '2026-01-01T00:00:00Z',
        notificationPointId: 3,
        notificationPointStatus: { status: 'Executed-Success' },
      }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      header: {
        functionExecutionStatus: {
          status: 'Failed',
          statusCodeData: {
            subjectCode: '8.2.1',
            reasonCode: '2.2',
            subjectIdentifier: 'iccid',
            message: 'mandatory element iccid is missing',
          },
        },
      },
    });
  });

  it('answers ProvisionConnectivity effects as the network stand-in', async () => {
    const { transactionId, eid } = nextPurchase();
    await probe.publish(
      probe.names.topics.purchaseEffects,
      transactionId,
      {
        effectId: `${transactionId}:7`,
        transactionId,
        causationId: 'c',
        issuedAt: new Date().toISOString(),
        effect: {
          type: 'ProvisionConnectivity',
          iccid: '8988247000100003319',
          eid,
          completeBy: new Date().toISOString(),
        },
      },
      { [Headers.effectType]: 'ProvisionConnectivity' },
    );

    const { value, record } = await probe.waitForRecord<{ input: Record<string, unknown> }>(
      probe.names.topics.purchaseInputs,
      (v) =>
        v.input?.kind === 'connectivityResult' && v.input.id === `connectivity:${transactionId}:7`,
      'the connectivity result',
    );
    expect(record.key).toBe(transactionId);
    expect(value.input).toMatchObject({ iccid: '8988247000100003319', outcome: 'provisioned' });
  });
});

describe('mutual TLS between the adapter and the SM-DP+', () => {
  let simulator: RunningApp;
  let es2Url: string;

  beforeAll(async () => {
    simulator = await startHttpApp(
      smdpSimulatorApp,
      loadSmdpSimulatorConfig(
        testEnvironment({
          ...isolatedEnvironment('smdptls'),
          SMDP_SIMULATOR_PORT: '0',
          SMDP_SIMULATOR_ES2_PORT: '0',
          SMDP_SIMULATOR_CONNECTIVITY_ENABLED: 'false',
        }),
      ),
    );
    es2Url = (await getJson<{ es2Url: string }>(`${simulator.url}/simulator`)).es2Url;
  });

  afterAll(() => simulator?.close());

  const body = JSON.stringify({
    header: { functionRequesterIdentifier: 'x', functionCallIdentifier: 'y' },
    iccid: '8988247000100003319F',
  });

  async function callWith(connect: Record<string, Buffer>): Promise<unknown> {
    const dispatcher = new Agent({ connect });
    try {
      const response = await undiciFetch(`${es2Url}/gsma/rsp2/es2plus/releaseProfile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' },
        body,
        dispatcher,
      });
      return response.status;
    } catch (error) {
      return error;
    } finally {
      await dispatcher.close();
    }
  }

  it('the simulator refuses a client without a certificate, or with one not chained to the operator CA', async () => {
    const ca = readFileSync(`${certs}/smdp-ca.crt`);

    const anonymous = await callWith({ ca });
    const rogue = await callWith({
      ca,
      cert: readFileSync(`${certs}/rogue-client.crt`),
      key: readFileSync(`${certs}/rogue-client.key`),
    });
    const operator = await callWith({
      ca,
      cert: readFileSync(`${certs}/smdp-client.crt`),
      key: readFileSync(`${certs}/smdp-client.key`),
    });

    expect(anonymous).toBeInstanceOf(Error);
    expect(rogue).toBeInstanceOf(Error);
    expect(operator).toBe(200);
    const calls = (
      await getJson<{ calls: { client: string }[] }>(`${simulator.url}/simulator/calls`)
    ).calls;
    expect(calls.map((call) => call.client)).toEqual(['mobileplans-smdp-adapter']);
  });

  describe('the adapter towards an SM-DP+ whose certificate is not signed by the pinned CA', () => {
    let rogue: Server;
    let rogueUrl: string;
    let requests = 0;

    beforeAll(async () => {
      rogue = createHttpsServer(
        {
          cert: readFileSync(`${certs}/rogue-smdp-server.crt`),
          key: readFileSync(`${certs}/rogue-smdp-server.key`),
        },
        (_request, response) => {
          requests += 1;
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ header: { functionExecutionStatus: { status: 'Executed-Success' } } }),
          );
        },
      );
      await new Promise<void>((done) => rogue.listen(0, '127.0.0.1', done));
      const address = rogue.address();
      rogueUrl = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });

    afterAll(() => new Promise<void>((done) => rogue.close(() => done())));

    it('refuses it: no request is sent, the call fails as a transport error naming the certificate', async () => {
      const settings = loadSmdpAdapterConfig(
        testEnvironment({ SMDP_ADAPTER_BASE_URL: rogueUrl }),
      ).smdpAdapter;
      const client = new Es2plusHttpClient(settings);
      try {
        const failure = await client
          .call('releaseProfile', JSON.parse(body), AbortSignal.timeout(5000))
          .then(
            () => undefined,
            (error: unknown) => error,
          );

        expect(failure).toMatchObject({ code: 'ES2_TRANSPORT' });
        expect((failure as Error).message).toMatch(/certificate/i);
        expect(requests).toBe(0);
      } finally {
        await client.close();
      }
    });
  });
});
