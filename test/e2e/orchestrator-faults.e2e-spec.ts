import { randomUUID } from 'node:crypto';
import { FaultRig } from '../support/fault-rig';
import { auditLog } from '../support/log-audit';
import { portalEvents } from '../support/portal-events';
import {
  CREDITED_ICCID,
  expectDecidedOnce,
  purchaseMix,
  sendInGroups,
  unsettled,
} from '../support/purchase-mix';
import { testKafka } from '../support/purchase-system';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 12, fault injection with real processes: the built launcher runs the portal gateway, the SM-DP+ adapter and
// the simulator in one process and each orchestrator in its own, against a broker and a PostgreSQL cluster of this
// suite's own. Nothing is restarted by hand but the broker.

jest.setTimeout(600_000);

describe('orchestrator faults (separate processes, private broker and database)', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = new FaultRig('orchestrator-faults', {
      // A long session: a consumer that rejoined as a new member after the outage would wait out its old member's
      // session, and show here as a crash (asserted) and a long pause (reported).
      ORCHESTRATOR_SESSION_TIMEOUT_MS: '30000',
    });
    await rig.start();
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('broker SIGKILLed and restarted during 300 purchases over two orchestrators: each accepted purchase is decided once, no order twice, readiness red until decisions resume', async () => {
    const first = await rig.orchestrator();
    const second = await rig.orchestrator();
    await first.ready();
    await second.ready();

    const events = purchaseMix(300, 'outage');
    const sending = sendInGroups(events, (event) => rig.accept(event));

    // Mid-stream: the broker dies (SIGKILL, no clean shutdown), stays away a few seconds, and comes back.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    rig.broker.signal('SIGKILL');
    const killedAt = Date.now();
    // Away for certain until the restart begins; it serves again at some point before restart() resolves.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const restartingAt = Date.now();
    await rig.broker.restart();
    const servingAt = Date.now();

    // A probe purchase after the broker serves again: how long until it is decided (reported, not asserted).
    const probe = `probe-${randomUUID()}`;
    const probeEvent = portalEvents.balanceAddition(probe, CREDITED_ICCID);
    await rig.accept(probeEvent);
    const probeAcceptedAt = Date.now();
    events.set(probe, probeEvent);
    await sending;

    const recorder = new TopicRecorder(testKafka(rig.env), [
      rig.names.topics.purchaseEvents,
      rig.names.topics.purchaseEffects,
    ]);
    await recorder.start();
    try {
      await waitFor(
        () =>
          unsettled(auditLog(recorder, rig.names.topics), events).length === 0 ? true : undefined,
        { timeoutMs: 240_000, intervalMs: 1000, what: 'every accepted purchase decided' },
      );
      for (const orchestrator of [first, second]) await orchestrator.ready();
      await recorder.catchUp();

      const calls = await rig.simulatorCalls('downloadOrder');
      expectDecidedOnce(
        auditLog(recorder, rig.names.topics),
        events,
        calls.map((call) => call.functionCallIdentifier),
      );

      // Readiness told the truth: red during the outage, green again only once it decided.
      for (const orchestrator of [first, second]) {
        const during = orchestrator.readiness.filter(
          (answer) => answer.at > killedAt && answer.at < restartingAt,
        );
        expect(during.length).toBeGreaterThan(0);
        expect(during.every((answer) => answer.status !== 200)).toBe(true);
        expect(orchestrator.lastStatus).toBe(200);
        const output = orchestrator.child.stdout + orchestrator.child.stderr;
        expect(output).not.toMatch(/"level":60/);
        // The processor rode the outage out as the same group member: it did not crash and join again as a new one.
        expect(output).not.toMatch(/"consumer":"exactly-once"[^\n]*"msg":"Kafka consumer crashed/);
      }
      const greenAgain = Math.min(
        ...[first, second].map(
          (orchestrator) =>
            orchestrator.readiness.find((answer) => answer.at > servingAt && answer.status === 200)
              ?.at ?? Infinity,
        ),
      );
      const lines = (level: number) =>
        [first, second]
          .map((orchestrator) => orchestrator.child.stdout.split(`"level":${level},`).length - 1)
          .reduce((sum, count) => sum + count, 0);
      // Figures for the report (no timing assertion), from the records' own timestamps: seconds after the broker
      // serves again until the first decision, after the probe's 202 until its decision, and until ready.
      const decidedAt = (record: { timestamp: string }) => Number(record.timestamp);
      const firstDecision = Math.min(
        ...recorder.records.map(decidedAt).filter((time) => time > servingAt),
      );
      const probeDecided = Math.min(
        ...recorder.records.filter((record) => record.key === probe).map(decidedAt),
      );
      console.log(
        JSON.stringify({
          brokerAwayS: (servingAt - killedAt) / 1000,
          firstDecisionAfterServingS: (firstDecision - servingAt) / 1000,
          probeDecidedAfterAcceptedS: (probeDecided - probeAcceptedAt) / 1000,
          firstReadyAfterServingS: (greenAgain - servingAt) / 1000,
          orchestratorErrorLines: lines(50),
          orchestratorWarningLines: lines(40),
        }),
      );
    } finally {
      await recorder.stop();
    }
  });
});
