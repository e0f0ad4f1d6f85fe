import { resolve } from 'node:path';
import type { Producer } from 'kafkajs';
import type { ProvisioningRequest, RejectedRecord } from '@mp/contracts';
import { kafkaNames } from '@mp/event-log';
import { launcherEntry, repositoryRoot } from '../support/build-apps';
import { ChildUnderTest } from '../support/child-process';
import { edgeFetch, notificationUrl } from '../support/edge-client';
import { portalEvents, TEST_EID } from '../support/portal-events';
import { postJson, testKafka } from '../support/purchase-system';
import { isolatedEnvironment, testEnvironment, uniqueName } from '../support/test-environment';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 17 / ADR 0021: the network provisioning contract. The simulator's stand-in is off; a separate process that
// knows only the documented contract (plain kafkajs, test/support/provisioning-system/) reads the provisioning
// requests and answers on the results topic. One purchase is provisioned, one fails with the network's reason;
// the portal sees each one's directive and status through GET /v1/purchases/{id}. Hostile records on the results
// topic are kept as rejected with their reason, and the topic flows on.

jest.setTimeout(240_000);

const base = 41_000 + Math.floor(Math.random() * 800) * 10;
const PORTS = {
  PORTAL_GATEWAY_PORT: base,
  ORCHESTRATOR_PORT: base + 1,
  SMDP_ADAPTER_PORT: base + 2,
  SMDP_SIMULATOR_PORT: base + 3,
  BALANCE_API_PORT: base + 4,
  SUPPORT_PORT: base + 5,
} as const;
const UNKNOWN_PLAN = 'plan-the-network-lacks';

interface PurchaseEventRecord {
  type: string;
  data: Record<string, unknown>;
  /** Absent on the log's other records (ownership barriers). */
  metadata?: { transactionId: string; causationId: string };
}

interface PurchaseView {
  transactionId: string;
  flow: string;
  status: string;
  directive: { api: string; args: unknown[] } | null;
  profile: { iccid: string; matchingId: string | null; state: string } | null;
}

describe('the provisioning contract, answered by a provisioning system that is not the simulator', () => {
  const isolated = isolatedEnvironment('provisioning');
  const names = kafkaNames(isolated.KAFKA_NAMESPACE);
  const env = testEnvironment({
    ...isolated,
    ...Object.fromEntries(Object.entries(PORTS).map(([key, port]) => [key, String(port)])),
    SMDP_SIMULATOR_ES2_PORT: String(base + 6),
    SMDP_ADAPTER_BASE_URL: `https://127.0.0.1:${base + 6}`,
    SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(PORTS.SMDP_ADAPTER_PORT),
    BALANCE_API_HTTPS_PORT: String(base + 7),
    // The simulator's stand-in stays silent: only the test's provisioning system answers.
    SMDP_SIMULATOR_CONNECTIVITY_ENABLED: 'false',
  });
  const gateway = `https://127.0.0.1:${PORTS.PORTAL_GATEWAY_PORT}`;
  const simulator = `http://127.0.0.1:${PORTS.SMDP_SIMULATOR_PORT}/simulator`;
  let launcher: ChildUnderTest;
  let network: ChildUnderTest;
  let recorder: TopicRecorder;
  let producer: Producer;
  const kafka = testKafka(env);

  beforeAll(async () => {
    launcher = new ChildUnderTest(launcherEntry, env, repositoryRoot);
    await launcher.waitForOutput(/Mobile Plans fulfillment is up/, 120_000);
    network = new ChildUnderTest(
      resolve(repositoryRoot, 'test/support/provisioning-system/test-provisioning-system.mjs'),
      {
        KAFKA_BROKERS: env.KAFKA_BROKERS!,
        REQUESTS_TOPIC: names.topics.provisioningRequests,
        RESULTS_TOPIC: names.topics.provisioningResults,
        GROUP_ID: uniqueName(names.groups.provisioningSystem),
        FAIL_PLAN_IDS: UNKNOWN_PLAN,
      },
      repositoryRoot,
    );
    await network.waitForOutput(/provisioning system ready/, 60_000);
    recorder = new TopicRecorder(kafka, [
      names.topics.rejectedRecords,
      names.topics.purchaseEvents,
    ]);
    await recorder.start();
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    network?.kill('SIGTERM');
    launcher?.kill('SIGTERM');
    await Promise.all([network?.exited, launcher?.exited]);
  });

  const viewOf = async (transactionId: string): Promise<PurchaseView | undefined> => {
    const response = await edgeFetch(`${gateway}/v1/purchases/${transactionId}?waitMs=1000`);
    return response.status === 200 ? ((await response.json()) as PurchaseView) : undefined;
  };
  const viewWhen = (transactionId: string, ok: (view: PurchaseView) => boolean, what: string) =>
    waitFor(
      async () => {
        const view = await viewOf(transactionId);
        return view !== undefined && ok(view) ? view : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what },
    );
  const requestsSeen = (): { request: ProvisioningRequest; key: string }[] =>
    network.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"request"'))
      .map((line) => JSON.parse(line) as { request: ProvisioningRequest; key: string });
  const requestFor = (transactionId: string) =>
    waitFor(() => requestsSeen().find(({ request }) => request.transactionId === transactionId), {
      timeoutMs: 60_000,
      what: `the provisioning request of ${transactionId}`,
    });
  const submit = async (event: Record<string, unknown>) => {
    const answer = await postJson(`${gateway}/v1/portal-events`, event);
    expect(answer.status).toBe(202);
  };

  it('provisioned: the request names the purchase, the SIM, the plan and the deadline; the purchase completes', async () => {
    const transactionId = uniqueName('provisioned');
    const event = portalEvents.asyncConnectivity(transactionId);
    await submit(event);

    const issued = await viewWhen(transactionId, (v) => v.directive !== null, 'the directive');
    expect(issued.directive).toMatchObject({
      api: 'MobilePlans.notifyPurchaseWithProfileDownload',
      args: [expect.objectContaining({ moDirectStatus: 'Complete' }), expect.any(String), 5],
    });
    const { iccid, matchingId } = issued.profile!;
    const { request, key } = await requestFor(transactionId);
    expect(key).toBe(iccid);
    expect(request).toMatchObject({
      activation: 'warmSim',
      transactionId,
      iccid,
      eid: TEST_EID,
      plan: {
        planId: 'plan-2gb',
        planName: '2GB Monthly',
        balanceType: 'MODIRECTPAYG',
        dataMB: 2048,
        validity: 'P30D',
        locations: ['US'],
      },
    });
    // The deadline is the purchase's own (D23: the lower of the raw interval and the app's rounding).
    const deadline = await waitFor(
      () =>
        recorder
          .json<PurchaseEventRecord>(names.topics.purchaseEvents)
          .find(
            (e) =>
              e.metadata?.transactionId === transactionId &&
              e.type === 'TimerScheduled' &&
              e.data.purpose === 'connectivityDeadline',
          ),
      { timeoutMs: 30_000, what: 'the connectivity deadline' },
    );
    expect(request.completeBy).toBe(deadline.data.dueAt);

    const installed = await edgeFetch(`${simulator}/device/downloads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchingId, outcome: 'installed' }),
    });
    expect(installed.status).toBe(201);
    const completed = await viewWhen(transactionId, (v) => v.status === 'completed', 'completion');
    expect(completed).toMatchObject({
      flow: 'asyncConnectivity',
      status: 'completed',
      directive: { api: 'MobilePlans.notifyPurchaseWithProfileDownload' },
      profile: { iccid, state: 'Installed' },
    });
    const types = recorder
      .json<PurchaseEventRecord>(names.topics.purchaseEvents)
      .filter((e) => e.metadata?.transactionId === transactionId)
      .map((e) => e.type);
    expect(types).toContain('ConnectivityProvisioned');
  });

  it('failed: the purchase fails with ServiceError, the portal gets notifyCancelledPurchase, the profile is handed back', async () => {
    const transactionId = uniqueName('unprovisioned');
    const event = portalEvents.asyncConnectivity(transactionId, {
      plan: {
        planId: UNKNOWN_PLAN,
        balanceType: 'MODIRECTPAYG',
        dataMB: 2048,
        validity: 'P30D',
        locations: ['US'],
      },
    });
    await submit(event);
    const { request } = await requestFor(transactionId);

    const failed = await viewWhen(transactionId, (v) => v.status === 'failed', 'the failure');
    expect(failed).toMatchObject({
      transactionId,
      status: 'failed',
      directive: {
        api: 'MobilePlans.notifyCancelledPurchase',
        args: [expect.objectContaining({ moDirectStatus: 'ServiceError', planName: '' })],
      },
    });
    // D24: the profile never reached the device, so the SM-DP+ gets it back (CancelOrder, Available).
    const profile = await waitFor(
      async () => {
        const read = await edgeFetch(`${simulator}/profiles/${request.iccid}`);
        const body = (await read.json()) as { state: string };
        return body.state === 'Available' ? body : undefined;
      },
      { timeoutMs: 30_000, what: 'the profile handed back to the SM-DP+' },
    );
    expect(profile.state).toBe('Available');
    // The network's reason stays with the purchase's history, where support reads it.
    const failure = await waitFor(
      () =>
        recorder
          .json<PurchaseEventRecord>(names.topics.purchaseEvents)
          .find((e) => e.metadata?.transactionId === transactionId && e.type === 'PurchaseFailed'),
      { timeoutMs: 30_000, what: 'the PurchaseFailed event' },
    );
    expect(failure.data.cause).toEqual({
      source: 'connectivity',
      reasonCode: 'PLAN_UNKNOWN',
      reason: `the network has no plan ${UNKNOWN_PLAN}`,
    });
    expect(failure.metadata?.causationId).toBe(`connectivity:${request.requestId}`);
  });

  it('keeps hostile records on the results topic as rejected, with their reason, and the topic flows on', async () => {
    const [first] = requestsSeen();
    const owned = first!.request;
    const result = (fields: Record<string, unknown>) =>
      JSON.stringify({
        requestId: 'hostile-request',
        transactionId: 'tx-hostile',
        iccid: '8988247000100003319',
        outcome: 'provisioned',
        occurredAt: new Date().toISOString(),
        ...fields,
      });
    const hostile: [string, string, string][] = [
      ['not JSON', '{"half": a result', 'INVALID_JSON'],
      ['a failure with no reason', result({ outcome: 'failed' }), 'INVALID_INPUT'],
      [
        'a reason code too long',
        result({ outcome: 'failed', reasonCode: 'X'.repeat(65), reasonText: 'x' }),
        'INVALID_INPUT',
      ],
      ['oversized', JSON.stringify({ padding: 'x'.repeat(40 * 1024) }), 'RECORD_TOO_LARGE'],
      ['an ICCID nobody reserved', result({}), 'UNKNOWN_PROFILE'],
      ['a SIM of another purchase', result({ iccid: owned.iccid }), 'TRANSACTION_MISMATCH'],
    ];
    const partitions = [0, 1, 2, 3];
    for (const partition of partitions) {
      await producer.send({
        topic: names.topics.provisioningResults,
        acks: -1,
        messages: hostile.map(([, value]) => ({ partition, key: `hostile-${partition}`, value })),
      });
    }

    const rejections = await waitFor(
      () => {
        const mine = recorder
          .json<RejectedRecord>(names.topics.rejectedRecords)
          .filter((r) => r.source.topic === names.topics.provisioningResults);
        return mine.length >= hostile.length * partitions.length ? mine : undefined;
      },
      { timeoutMs: 60_000, what: 'every hostile result rejected' },
    );
    for (const partition of partitions) {
      const codes = rejections
        .filter((r) => r.source.partition === partition)
        .sort((a, b) => Number(a.source.offset) - Number(b.source.offset))
        .map((r) => r.code);
      expect({ partition, codes }).toEqual({ partition, codes: hostile.map(([, , code]) => code) });
    }
    expect(rejections.every((r) => r.reason.length > 0)).toBe(true);
    expect(rejections.find((r) => r.code === 'INVALID_INPUT')?.parameter).toBe('reasonCode');

    // Every partition of the topic has hostile records in it; a new purchase's result still comes through.
    const transactionId = uniqueName('after-hostile');
    await submit(portalEvents.asyncConnectivity(transactionId));
    await requestFor(transactionId);
    const view = await viewWhen(transactionId, (v) => v.directive !== null, 'the directive');
    await waitFor(
      () =>
        recorder
          .json<PurchaseEventRecord>(names.topics.purchaseEvents)
          .find(
            (e) =>
              e.metadata?.transactionId === transactionId && e.type === 'ConnectivityProvisioned',
          ),
      { timeoutMs: 60_000, what: 'the new purchase provisioned' },
    );
    expect(view.status).not.toBe('failed');
    expect(launcher.stderr).not.toMatch(/ERR_UNHANDLED_ERROR|Unhandled error/);
  });
});
