import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { loadSmdpAdapterConfig, loadSmdpSimulatorConfig, loadSupportConfig } from '@mp/config';
import { type PurchaseEffectRecord } from '@mp/contracts';
import { runApps, startHttpApp, stopApps, type RunningApp } from '@mp/platform';
import { digest64 } from '@mp/purchase-machine';
import { smdpAdapterApp } from '../../apps/smdp-adapter/src/smdp-adapter.app';
import { smdpSimulatorApp } from '../../apps/smdp-simulator/src/smdp-simulator.app';
import { supportApp } from '../../apps/support/src/support.app';
import { notificationUrl } from '../support/edge-client';
import { LogCapture } from '../support/log-capture';
import { portalEvents } from '../support/portal-events';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { freePort } from '../support/free-port';
import { sendJson } from '../support/smdp-harness';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

// Issue 12, ADR 0028: the SM-DP+ allocates a profile on DownloadOrder but every answer is lost until the adapter's
// retry budget is spent. The purchase fails at once; later the orchestrator re-asks the DownloadOrder with the same
// functionCallIdentifier, the SM-DP+ replays the ICCID it allocated, and a CancelOrder puts it back in the pool.
// The adapter is stopped in the middle of the re-ask: the redelivered effect asks again, and the reconciliation
// still happens exactly once. Real broker, real PostgreSQL (the support index), the simulator over mutual TLS.
const TOKEN = 'reconcile-support-token-0123456789';

interface Call {
  function: string;
  functionCallIdentifier: string | null;
  request: Record<string, unknown>;
  replayed: boolean;
  fault: string | null;
  response: { header: { functionExecutionStatus: { status: string } }; iccid?: string } | null;
}
interface HistoryEvent {
  sequence: number;
  type: string;
  data: Record<string, unknown>;
}

describe('a DownloadOrder whose answers were all lost is reconciled, once, across an adapter restart', () => {
  let system: PurchaseSystem;
  let simulator: RunningApp;
  let adapter: RunningApp | undefined;
  let support: RunningApp[] = [];
  let tail: Consumer;
  let startAdapter: () => Promise<RunningApp>;
  const effects: PurchaseEffectRecord[] = [];
  const adapterLogs = new LogCapture();

  beforeAll(async () => {
    const adapterPort = await freePort();
    system = await startPurchaseSystem({
      env: {
        PURCHASE_RECONCILE_DELAY_SECONDS: '2',
        PURCHASE_RECONCILE_MAX_ATTEMPTS: '3',
        SUPPORT_PORT: '0',
        SUPPORT_CREDENTIALS: `dave:${TOKEN}`,
      },
    });
    const env = {
      ...system.env,
      SMDP_SIMULATOR_PORT: '0',
      SMDP_SIMULATOR_ES2_PORT: '0',
      SMDP_SIMULATOR_SMDP_ADDRESS: 'smdp.reconcile.example',
      SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(adapterPort),
    };
    simulator = await startHttpApp(smdpSimulatorApp, loadSmdpSimulatorConfig(env));
    const { body } = await getJson(`${simulator.url}/simulator`);
    // Dropped connections fail an attempt at once, so two attempts spend the budget quickly; one attempt may wait
    // long enough for the test to stop the adapter while the SM-DP+ holds the re-ask.
    const adapterConfig = loadSmdpAdapterConfig({
      ...env,
      SMDP_ADAPTER_PORT: String(adapterPort),
      SMDP_ADAPTER_BASE_URL: String(body.es2Url),
      SMDP_ADAPTER_REQUEST_TIMEOUT_MS: '20000',
      SMDP_ADAPTER_RETRY_MAX_ATTEMPTS: '2',
      SMDP_ADAPTER_RETRY_INITIAL_DELAY_MS: '50',
      SMDP_ADAPTER_RETRY_MAX_DELAY_MS: '100',
      SMDP_ADAPTER_BREAKER_CONSECUTIVE_FAILURES: '10',
      SMDP_ADAPTER_BREAKER_HALF_OPEN_AFTER_MS: '200',
    });
    startAdapter = () =>
      startHttpApp(smdpAdapterApp, adapterConfig, { logDestination: adapterLogs.destination });
    adapter = await startAdapter();
    support = await runApps([{ definition: supportApp, config: loadSupportConfig(system.env) }]);
    tail = system.kafka.consumer({ groupId: `${system.env.KAFKA_NAMESPACE}.test-tail` });
    await tail.connect();
    await tail.subscribe({ topics: [system.names.topics.purchaseEffects], fromBeginning: true });
    await tail.run({
      eachMessage: ({ message }) => {
        effects.push(JSON.parse(message.value?.toString() ?? 'null') as PurchaseEffectRecord);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await tail?.disconnect();
    await stopApps(support);
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

  async function history(transactionId: string): Promise<HistoryEvent[]> {
    const response = await fetch(
      `${support[0]!.url}/v1/support/transactions/${transactionId}/events`,
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    if (response.status !== 200) return [];
    return ((await response.json()) as { events: HistoryEvent[] }).events;
  }

  const historyWith = (transactionId: string, type: string, what: string) =>
    waitFor(
      async () => {
        const events = await history(transactionId);
        return events.some((event) => event.type === type) ? events : undefined;
      },
      { timeoutMs: 30_000, what },
    );

  it('fails the purchase with a readable cause, then finds the allocated profile and puts it back in the pool', async () => {
    const transactionId = `reconcile-${randomUUID()}`;
    // The SM-DP+ executes both attempts of the budget (the first allocates, the retry replays) and hangs up before
    // answering either; it then holds the re-ask unanswered, long enough for the adapter to be stopped meanwhile.
    adapterLogs.expectError(/^SM-DP\+ unavailable$/);
    await sendJson('PUT', admin('/faults'), {
      rules: [
        { kind: 'timeout', function: 'downloadOrder', times: 2, ms: 0 },
        { kind: 'timeout', function: 'downloadOrder', times: 1, ms: 60_000 },
      ],
    });
    expect(
      (await postJson(`${system.gatewayUrl}/v1/portal-events`, portalEvents.inline(transactionId)))
        .status,
    ).toBe(202);

    const failedView = await waitFor(
      async () => {
        const read = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}`);
        return read.status === 200 && read.body.status === 'failed' ? read.body : undefined;
      },
      { timeoutMs: 30_000, what: 'the purchase to fail once the budget is spent' },
    );
    expect(failedView.directive).toMatchObject({
      api: 'MobilePlans.notifyCancelledPurchase',
      args: [expect.objectContaining({ moDirectStatus: 'ServiceError', planName: '' })],
    });
    const firstCalls = await callsOf(transactionId);
    expect(firstCalls.map((call) => [call.function, call.replayed, call.fault])).toEqual([
      ['downloadOrder', false, 'timeout'],
      ['downloadOrder', true, 'timeout'],
    ]);
    const functionCallIdentifier = firstCalls[0]!.functionCallIdentifier!;
    expect(adapterLogs.errors()).toEqual([
      expect.objectContaining({ msg: 'SM-DP+ unavailable', transactionId, attempts: 2 }),
    ]);
    const allocated = (
      await getJson(admin('/profiles')).then(
        (read) => read.body.profiles as { iccid: string; eid: string | null; state: string }[],
      )
    ).filter((profile) => profile.eid === firstCalls[0]!.request.eid);
    expect(allocated.map((profile) => profile.state)).toEqual(['Linked']);
    const iccid = allocated[0]!.iccid;

    // The re-ask reaches the SM-DP+ (which replays the allocation) and is held unanswered; the adapter stops then.
    await waitFor(async () => ((await callsOf(transactionId)).length === 3 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the re-ask at the SM-DP+',
    });
    await adapter!.close();
    adapter = undefined;
    adapter = await startAdapter();

    const events = await historyWith(
      transactionId,
      'ProfileOrderCancelled',
      'the reconciliation to cancel the allocated profile',
    );
    // The allocated profile is back in the pool.
    expect(String((await getJson(admin(`/profiles/${iccid}`))).body.state)).toBe('Available');

    // Support reads why the purchase failed, and what was done about the profile afterwards.
    const failed = events.find((event) => event.type === 'PurchaseFailed')!;
    expect(failed.data).toMatchObject({
      moDirectStatus: 'ServiceError',
      cause: {
        source: 'smdp',
        function: 'downloadOrder',
        failure: { kind: 'unavailable', attempts: 2 },
      },
    });
    expect(
      events
        .filter((event) => event.sequence > failed.sequence)
        .filter((event) => event.type !== 'DirectiveIssued')
        .map((event) => [event.type, event.data.purpose ?? event.data.iccid ?? null]),
    ).toEqual([
      ['TimerScheduled', 'downloadOrderReconciliation'],
      ['TimerFired', 'downloadOrderReconciliation'],
      ['ProfileReserved', iccid],
      ['ProfileOrderCancelled', iccid],
    ]);
    expect(events.find((event) => event.type === 'ProfileOrderCancelled')!.data).toMatchObject({
      finalProfileStatusIndicator: 'Available',
    });

    // One re-ask decided; the SM-DP+ saw it twice (held, then redelivered after the restart), always under the
    // first call's identifier, and executed one DownloadOrder and one CancelOrder.
    const reasks = effects.filter(
      (record) =>
        record.transactionId === transactionId &&
        record.effect.type === 'SendEs2Request' &&
        record.effect.function === 'downloadOrder' &&
        record.effect.reconciliation !== undefined,
    );
    expect(reasks).toHaveLength(1);
    const calls = await waitFor(
      async () => {
        const all = await callsOf(transactionId);
        return all.some((call) => call.function === 'cancelOrder') ? all : undefined;
      },
      { what: 'the CancelOrder in the call log' },
    );
    const downloadOrders = calls.filter((call) => call.function === 'downloadOrder');
    expect(downloadOrders.length).toBeGreaterThanOrEqual(4);
    expect(new Set(downloadOrders.map((call) => call.functionCallIdentifier))).toEqual(
      new Set([functionCallIdentifier]),
    );
    expect(downloadOrders.filter((call) => !call.replayed)).toHaveLength(1);
    expect(downloadOrders.at(-1)).toMatchObject({ replayed: true, fault: null });
    const cancels = calls.filter((call) => call.function === 'cancelOrder');
    expect(cancels.filter((call) => !call.replayed)).toHaveLength(1);
    expect(cancels[0]!.request).toMatchObject({ finalProfileStatusIndicator: 'Available' });
    expect(cancels[0]!.response?.header.functionExecutionStatus.status).toBe('Executed-Success');
  });
});
