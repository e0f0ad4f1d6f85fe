import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { resolve } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { loadSmdpAdapterConfig, loadSmdpSimulatorConfig } from '@mp/config';
import { startHttpApp, type RunningApp } from '@mp/platform';
import { Es2plusHttpClient } from '../../apps/smdp-adapter/src/es2/es2plus-http.client';
import { smdpSimulatorApp } from '../../apps/smdp-simulator/src/smdp-simulator.app';
import { getJson } from '../support/smdp-harness';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';

// Mutual TLS on the ES2+ link, with the development certificates: the simulator checks the client's certificate,
// the adapter's ES2+ client the server's. Only the simulator runs, so the shared adapter fixture is not used.
const certs = resolve(__dirname, '../../.local/certs');

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
      return [
        response.status,
        ((await response.json()) as { error?: { code: string } }).error?.code,
      ];
    } catch (error) {
      return error;
    } finally {
      await dispatcher.close();
    }
  }

  it('the simulator refuses a client without a certificate (401), or with one not chained to the operator CA (403), before any ES2+ handling', async () => {
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

    expect(anonymous).toEqual([401, 'CLIENT_CERTIFICATE_REQUIRED']);
    expect(rogue).toEqual([403, 'CLIENT_CERTIFICATE_UNTRUSTED']);
    expect(operator).toEqual([200, undefined]);
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
