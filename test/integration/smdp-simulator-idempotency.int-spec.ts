import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { loadSmdpSimulatorConfig } from '@mp/config';
import { startHttpApp, type RunningApp } from '@mp/platform';
import { smdpSimulatorApp } from '../../apps/smdp-simulator/src/smdp-simulator.app';
import { getJson } from '../support/smdp-harness';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';

// The simulator's stored answers (G4): an SM-DP+ replays the answer of a repeated call, and a functionCallIdentifier
// is unique only per requester (SGP.22 6.5.1.3), so two requesters that pick the same one are two calls. Over the
// real ES2+ listener with the adapter's development client certificate; no adapter runs.
const certs = resolve(__dirname, '../../.local/certs');

describe('SM-DP+ simulator: stored answers are per requester', () => {
  let simulator: RunningApp;
  let es2Url: string;
  let dispatcher: Agent;

  beforeAll(async () => {
    simulator = await startHttpApp(
      smdpSimulatorApp,
      loadSmdpSimulatorConfig(
        testEnvironment({
          ...isolatedEnvironment('smdpidem'),
          SMDP_SIMULATOR_PORT: '0',
          SMDP_SIMULATOR_ES2_PORT: '0',
          SMDP_SIMULATOR_CONNECTIVITY_ENABLED: 'false',
        }),
      ),
    );
    es2Url = (await getJson<{ es2Url: string }>(`${simulator.url}/simulator`)).es2Url;
    dispatcher = new Agent({
      connect: {
        ca: readFileSync(`${certs}/smdp-ca.crt`),
        cert: readFileSync(`${certs}/smdp-client.crt`),
        key: readFileSync(`${certs}/smdp-client.key`),
      },
    });
  });

  afterAll(async () => {
    await dispatcher?.close();
    await simulator?.close();
  });

  async function downloadOrder(requester: string, functionCallIdentifier: string) {
    const response = await undiciFetch(`${es2Url}/gsma/rsp2/es2plus/downloadOrder`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' },
      body: JSON.stringify({
        header: { functionRequesterIdentifier: requester, functionCallIdentifier },
        profileType: 'standard',
      }),
      dispatcher,
    });
    const body = (await response.json()) as {
      header: { functionExecutionStatus: { status: string } };
      iccid?: string;
    };
    return { status: body.header.functionExecutionStatus.status, iccid: body.iccid };
  }

  const callsOf = async (functionCallIdentifier: string) =>
    (
      await getJson<{ calls: { functionRequesterIdentifier: string; replayed: boolean }[] }>(
        `${simulator.url}/simulator/calls?functionCallIdentifier=${functionCallIdentifier}`,
      )
    ).calls.map((call) => [call.functionRequesterIdentifier, call.replayed]);

  it('two requesters using the same functionCallIdentifier each get their own answer', async () => {
    const operatorA = await downloadOrder('operator-a', 'FCI-shared-1');
    const operatorB = await downloadOrder('operator-b', 'FCI-shared-1');

    expect([operatorA.status, operatorB.status]).toEqual(['Executed-Success', 'Executed-Success']);
    expect(operatorA.iccid).toMatch(/^\d{19}F?$/);
    expect(operatorB.iccid).toMatch(/^\d{19}F?$/);
    expect(operatorB.iccid).not.toBe(operatorA.iccid);
    expect(await callsOf('FCI-shared-1')).toEqual([
      ['operator-a', false],
      ['operator-b', false],
    ]);
  });

  it("a requester's repeated call still gets its own stored answer", async () => {
    const first = await downloadOrder('operator-a', 'FCI-repeat-1');
    const other = await downloadOrder('operator-b', 'FCI-repeat-1');
    const again = await downloadOrder('operator-a', 'FCI-repeat-1');

    expect(first.status).toBe('Executed-Success');
    expect(other.iccid).not.toBe(first.iccid);
    expect(again).toEqual(first);
    expect(await callsOf('FCI-repeat-1')).toEqual([
      ['operator-a', false],
      ['operator-b', false],
      ['operator-a', true],
    ]);
  });
});
