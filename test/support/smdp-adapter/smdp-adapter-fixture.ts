import { loadSmdpAdapterConfig, loadSmdpSimulatorConfig } from '@mp/config';
import { Headers } from '@mp/event-log';
import { startHttpApp, type RunningApp } from '@mp/platform';
import { smdpAdapterApp } from '../../../apps/smdp-adapter/src/smdp-adapter.app';
import { smdpSimulatorApp } from '../../../apps/smdp-simulator/src/smdp-simulator.app';
import { edgeFetch, notificationUrl } from '../edge-client';
import { LogCapture } from '../log-capture';
import { freePort } from '../free-port';
import { getJson, testEid, TopicProbe } from '../smdp-harness';
import { isolatedEnvironment, testEnvironment, uniqueName } from '../test-environment';

export const REQUESTER = 'it-operator';

export interface CallRecord {
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

export interface SmdpResult {
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

export interface SmdpAdapterSuite {
  /** Publishes effects and reads back what the adapter publishes: the test stands in for the orchestrator. */
  readonly probe: TopicProbe;
  readonly adapter: RunningApp;
  readonly es2Url: string;
  /** The adapters' log lines; a test that takes the SM-DP+ down declares the error it expects. */
  readonly logs: LogCapture;
  admin(path: string): string;
  nextPurchase(): { transactionId: string; eid: string };
  /** Checks the key and address of every result it waits for, so that each test need not repeat them. */
  requestEs2(
    transactionId: string,
    step: number,
    fn: string,
    request: Record<string, unknown>,
  ): Promise<SmdpResult['input']>;
  callsOf(functionCallIdentifier: string): Promise<CallRecord[]>;
  /** Another adapter process member of the same group, with the same settings (stopped in `afterAll`). */
  startAnotherAdapter(): Promise<RunningApp>;
}

/**
 * The adapter and the simulator for a test file, on the real broker, talking ES2+ over real mutual TLS, on the
 * file's own Kafka namespace; started in `beforeAll`, stopped in `afterAll`.
 */
export function smdpAdapterSuite(adapterOverrides: Record<string, string> = {}): SmdpAdapterSuite {
  const isolation = isolatedEnvironment('smdp');
  const probe = new TopicProbe(isolation.KAFKA_NAMESPACE);
  let simulator: RunningApp | undefined;
  let adapter: RunningApp | undefined;
  let es2Url: string | undefined;
  let serial = 0;
  let adapterEnv: Record<string, string> | undefined;
  const others: RunningApp[] = [];
  const logs = new LogCapture();

  beforeAll(async () => {
    // The simulator posts download notifications to the adapter, so it needs the adapter's port before either runs.
    const adapterPort = await freePort();
    const env = testEnvironment({
      ...isolation,
      SMDP_SIMULATOR_PORT: '0',
      SMDP_SIMULATOR_ES2_PORT: '0',
      SMDP_SIMULATOR_POOL_SIZE: '20',
      SMDP_SIMULATOR_SMDP_ADDRESS: 'smdp.it.example',
      SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: '0',
      SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(adapterPort),
    });
    simulator = await startHttpApp(smdpSimulatorApp, loadSmdpSimulatorConfig(env));
    es2Url = (await getJson<{ es2Url: string }>(`${simulator.url}/simulator`)).es2Url;
    // Short timeouts and delays so that exhausting the retry budget and reopening the breaker take under a second.
    adapterEnv = {
      ...env,
      SMDP_ADAPTER_BASE_URL: es2Url,
      SMDP_ADAPTER_FUNCTION_REQUESTER_ID: REQUESTER,
      SMDP_ADAPTER_SMDP_ADDRESS: 'fallback.smdp.example',
      SMDP_ADAPTER_REQUEST_TIMEOUT_MS: '800',
      SMDP_ADAPTER_RETRY_MAX_ATTEMPTS: '4',
      SMDP_ADAPTER_RETRY_INITIAL_DELAY_MS: '50',
      SMDP_ADAPTER_RETRY_MAX_DELAY_MS: '200',
      SMDP_ADAPTER_BREAKER_CONSECUTIVE_FAILURES: '3',
      SMDP_ADAPTER_BREAKER_HALF_OPEN_AFTER_MS: '500',
      ...adapterOverrides,
    };
    adapter = await startHttpApp(
      smdpAdapterApp,
      loadSmdpAdapterConfig({
        ...adapterEnv,
        SMDP_ADAPTER_PORT: String(adapterPort),
      }),
      { logDestination: logs.destination },
    );
    await probe.start([
      probe.names.topics.purchaseInputs,
      probe.names.topics.rejectedRecords,
      probe.names.topics.provisioningResults,
    ]);
  });

  afterAll(async () => {
    for (const other of others) await other.close();
    await probe.stop();
    await adapter?.close();
    await simulator?.close();
  });

  // A fault one test injects would otherwise fail the tests after it.
  afterEach(async () => {
    await edgeFetch(`${running(simulator).url}/simulator/faults`, { method: 'DELETE' });
  });

  const suite: SmdpAdapterSuite = {
    probe,
    logs,
    get adapter() {
      return running(adapter);
    },
    get es2Url() {
      if (es2Url === undefined) throw new Error('the simulator is not running (beforeAll failed?)');
      return es2Url;
    },
    admin: (path) => `${running(simulator).url}/simulator${path}`,
    nextPurchase: () => {
      serial += 1;
      return { transactionId: uniqueName('tx'), eid: testEid(serial) };
    },
    requestEs2: async (transactionId, step, fn, request) => {
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
    },
    startAnotherAdapter: async () => {
      if (adapterEnv === undefined) throw new Error('the SM-DP+ apps are not running');
      const other = await startHttpApp(
        smdpAdapterApp,
        loadSmdpAdapterConfig({ ...adapterEnv, SMDP_ADAPTER_PORT: '0' }),
        { logDestination: logs.destination },
      );
      others.push(other);
      return other;
    },
    callsOf: async (fcid) =>
      (
        await getJson<{ calls: CallRecord[] }>(
          suite.admin(`/calls?functionCallIdentifier=${encodeURIComponent(fcid)}`),
        )
      ).calls,
  };
  return suite;
}

function running(app: RunningApp | undefined): RunningApp {
  if (app === undefined) throw new Error('the SM-DP+ apps are not running (beforeAll failed?)');
  return app;
}
