import { randomUUID } from 'node:crypto';
import type { ParkingRecord, RejectedRecord } from '@mp/contracts';
import { SIMULATOR_FUNCTION_REQUESTER_ID } from '@mp/config';
import { Headers, kafkaNames, RecordKinds, type KafkaNames } from '@mp/event-log';
import { launcherEntry, repositoryRoot } from '../support/build-apps';
import { ChildUnderTest } from '../support/child-process';
import { edgeFetch, notificationUrl } from '../support/edge-client';
import { connectedAdmin, createTopicsSettled } from '../support/kafka-admin';
import { auditLog } from '../support/log-audit';
import { OrchestratorProcess } from '../support/orchestrator-process';
import { partitionOf } from '../support/partitions';
import {
  PreloadedHistoryLog,
  preloadIccid,
  preloadPurchaseLog,
  type PreloadedPurchase,
} from '../support/preloaded-log';
import { testKafka } from '../support/purchase-system';
import { freePort } from '../support/free-port';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 12, must show: a restart with a large preloaded log while ICCID-routed notifications are in flight, none
// rejected as unknown (ADR 0026: such inputs wait, bounded by ORCHESTRATOR_ICCID_INDEX_WAIT_MS, for the state to be
// read back). Real processes: the built launcher runs the SM-DP+ adapter (the notifications come through its real
// HTTPS endpoint, with the SM-DP+'s client certificate) and the orchestrator, on the shared broker in a namespace
// of this suite's own. Nothing is faulted, so no private broker or database is needed.
//
// The log is shaped so that the window is certain, not a race. The bulk is on one partition, HEAVY; every
// notification's ICCID lands on LIGHT and its purchase on HEAVY, behind the bulk. The first start finds no changelog
// (ADR 0032): each partition is folded from its log, LIGHT at once and HEAVY for seconds, and HEAVY's ICCIDs are
// known only once its snapshots are written back and its changelog completed, so the processor has the
// notifications on LIGHT long before it knows whose they are. The restart reads the changelog back (the ICCID index
// from its headers; HEAVY's is twenty thousand snapshots), and the notifications on LIGHT come in meanwhile.
//
// To see it fail: ORCHESTRATOR_ICCID_INDEX_WAIT_MS=0 npx jest --runTestsByPath <this file> (the bound comes from
// the outer environment only when set there; otherwise the apps' default applies).

jest.setTimeout(300_000);

const HEAVY = 1;
const LIGHT = 3;
/** Delayed-download purchases waiting for their notification (8 events each), on HEAVY. */
const BULK_PURCHASES = 20_000;
/** Purchases that get their notification during each restore. */
const NOTIFIED_PER_START = 30;

interface Rig {
  readonly env: Record<string, string>;
  readonly names: KafkaNames;
  readonly adapter: ChildUnderTest;
  readonly adapterPort: number;
  readonly recorder: TopicRecorder;
}

describe('orchestrator restart with a large log while ICCID-routed notifications are in flight (real processes)', () => {
  let rig: Rig;
  const orchestrators: OrchestratorProcess[] = [];
  const run = randomUUID().slice(0, 8);
  const bulk = purchasesOn(HEAVY, BULK_PURCHASES, `large-${run}`);
  // Two groups of notified purchases, one per start; their ICCIDs route to LIGHT, their histories come last.
  const notified = [0, 1].map((group) =>
    purchasesOn(HEAVY, NOTIFIED_PER_START, `notified-${run}-${group}`).map((purchase, index) => ({
      ...purchase,
      iccid: iccidOnLight(10_000_000 + group * 1_000_000 + index * 1_000),
    })),
  );

  beforeAll(async () => {
    const adapterPort = await freePort();
    const env = testEnvironment({
      ...isolatedEnvironment('largelog'),
      SMDP_ADAPTER_PORT: String(adapterPort),
      // No ES2+ call is made here; an address nothing listens on.
      SMDP_ADAPTER_BASE_URL: `https://127.0.0.1:${await freePort()}`,
      ORCHESTRATOR_TIMER_POLL_MS: '100',
      LOG_LEVEL: 'warn',
      ...(process.env.ORCHESTRATOR_ICCID_INDEX_WAIT_MS === undefined
        ? {}
        : { ORCHESTRATOR_ICCID_INDEX_WAIT_MS: process.env.ORCHESTRATOR_ICCID_INDEX_WAIT_MS }),
    });
    const names = kafkaNames(env.KAFKA_NAMESPACE!);
    const admin = await connectedAdmin(env);
    try {
      await createTopicsSettled(admin, { topics: [...names.specs] });
    } finally {
      await admin.disconnect();
    }
    const log = new PreloadedHistoryLog(names.topics, 'delayedProfile');
    const kafka = testKafka(env);
    await preloadPurchaseLog(kafka, log, bulk);
    // Written after the bulk, so each is behind it on its partition.
    await preloadPurchaseLog(kafka, log, notified.flat());
    const recorder = new TopicRecorder(kafka, [
      names.topics.purchaseEvents,
      names.topics.purchaseEffects,
      names.topics.rejectedRecords,
      names.topics.purchaseParking,
    ]);
    await recorder.start();
    const adapter = new ChildUnderTest(
      launcherEntry,
      { ...env, APPS: 'smdp-adapter' },
      repositoryRoot,
    );
    rig = { env, names, adapter, adapterPort, recorder };
    await adapter.waitForOutput(/fulfillment is up/, 120_000);
  });

  afterAll(async () => {
    for (const orchestrator of orchestrators) await orchestrator.stop('SIGKILL');
    rig?.adapter.kill('SIGKILL');
    await rig?.adapter.exited;
    await rig?.recorder.stop();
    if (rig === undefined) return;
    // The preloaded log is large: it is not left on the shared broker.
    const admin = await connectedAdmin(rig.env);
    await admin
      .deleteTopics({ topics: rig.names.specs.map((spec) => spec.topic) })
      .catch(() => undefined);
    await admin.disconnect();
  });

  it('start, then restart: notifications posted while the log is read back are all applied, none rejected as unknown', async () => {
    const { recorder, names } = rig;
    // A first start on the preloaded log, then a restart (a deploy: SIGTERM, then a new process).
    for (const group of notified) {
      const orchestrator = await OrchestratorProcess.spawn(rig.env);
      orchestrators.push(orchestrator);
      await notifyDuringRestore(orchestrator, group);
      await orchestrator.ready();
      await waitFor(() => (group.every((purchase) => hasOutcome(purchase)) ? true : undefined), {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: 'an outcome for every notification',
      });
      await orchestrator.stop('SIGTERM');
    }
    rig.adapter.kill('SIGTERM');
    await rig.adapter.exited;
    await recorder.catchUp({ timeoutMs: 60_000 });

    const all = notified.flat();
    const audit = auditLog(recorder, names.topics);
    expect(audit.violations).toEqual([]);
    expect(rejections().map((record) => `${record.code}: ${record.reason}`)).toEqual([]);
    expect(parkings()).toEqual([]);
    expect(all.map(({ transactionId }) => [transactionId, audit.status(transactionId)])).toEqual(
      all.map(({ transactionId }) => [transactionId, 'completed']),
    );
    // The bulk stays as loaded: every purchase still waiting for its notification.
    const waiting = bulk.filter(
      ({ transactionId }) => audit.status(transactionId) === 'awaitingDownload',
    );
    expect(waiting).toHaveLength(bulk.length);
  });

  /** Its notification was applied (a DownloadProgressReported event) or rejected with its ICCID in the reason. */
  function hasOutcome(purchase: PreloadedPurchase): boolean {
    return (
      rig.recorder.records.some(
        (record) =>
          record.key === purchase.transactionId &&
          record.headers[Headers.eventType] === 'DownloadProgressReported',
      ) || rejections().some((record) => record.reason.includes(purchase.iccid))
    );
  }

  function rejections(): RejectedRecord[] {
    return rig.recorder.json<RejectedRecord>(rig.names.topics.rejectedRecords);
  }

  function parkings(): ParkingRecord[] {
    return rig.recorder.records
      .filter(
        (record) =>
          record.topic === rig.names.topics.purchaseParking &&
          record.headers[Headers.recordKind] !== RecordKinds.partitionClaimed,
      )
      .map((record) => JSON.parse(record.value!.toString()) as ParkingRecord);
  }

  /**
   * Posts the notifications as soon as the new process is up (it reads its log back meanwhile), and checks that
   * they were all in Kafka before its state had caught up: they were in flight during the restore. A log read
   * back before that is a failure of the set-up (preload a larger one), never a pass.
   */
  async function notifyDuringRestore(
    orchestrator: OrchestratorProcess,
    group: readonly PreloadedPurchase[],
  ): Promise<void> {
    await orchestrator.up();
    for (let start = 0; start < group.length; start += 10) {
      const answers = await Promise.all(group.slice(start, start + 10).map(notifyInstalled));
      expect(answers).toEqual(answers.map(() => 204));
    }
    // The readiness check sets the gauge: read right after one, it tells the state at or after the last 204.
    const { status } = await orchestrator.readinessNow();
    const caughtUp = await orchestrator.metric('mobileplans_orchestrator_state_caught_up');
    expect([status, caughtUp]).toEqual([503, 0]);
  }

  async function notifyInstalled(purchase: PreloadedPurchase): Promise<number> {
    const response = await edgeFetch(notificationUrl(rig.adapterPort), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' },
      body: JSON.stringify({
        header: {
          functionRequesterIdentifier: SIMULATOR_FUNCTION_REQUESTER_ID,
          functionCallIdentifier: `n-${purchase.transactionId}`,
        },
        iccid: `${purchase.iccid}F`,
        profileType: 'standard',
        timestamp: new Date().toISOString(),
        notificationPointId: 4,
        notificationPointStatus: { status: 'Executed-Success' },
      }),
    });
    await response.body?.cancel();
    return response.status;
  }
});

/** `count` purchases whose records land on `partition`, each with an ICCID of its own. */
function purchasesOn(partition: number, count: number, prefix: string): PreloadedPurchase[] {
  const purchases: PreloadedPurchase[] = [];
  for (let index = 0; purchases.length < count; index += 1) {
    const transactionId = `${prefix}-${index}`;
    if (partitionOf(transactionId) === partition)
      purchases.push({ transactionId, iccid: preloadIccid(purchases.length) });
  }
  return purchases;
}

/** The first ICCID from `serial` on whose notifications (keyed by ICCID) land on LIGHT. */
function iccidOnLight(serial: number): string {
  for (let next = serial; ; next += 1) {
    const iccid = preloadIccid(next);
    if (partitionOf(iccid) === LIGHT) return iccid;
  }
}
