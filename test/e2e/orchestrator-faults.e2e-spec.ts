import { randomUUID } from 'node:crypto';
import type { PurchaseEvent } from '@mp/contracts';
import { kafkaNames, type KafkaNames } from '@mp/event-log';
import { luhnCheckDigit } from '@mp/sim';
import { launcherEntry, repositoryRoot } from '../support/build-apps';
import { ChildUnderTest } from '../support/child-process';
import { edgeFetch, notificationUrl } from '../support/edge-client';
import { auditLog } from '../support/log-audit';
import { portalEvents } from '../support/portal-events';
import { startPrivateBroker, type PrivateBroker } from '../support/private-broker';
import { PrivatePostgres } from '../support/private-postgres';
import { postJson, testKafka } from '../support/purchase-system';
import { freePort } from '../support/free-port';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 12, fault injection with real processes: the built launcher runs the portal gateway, the SM-DP+ adapter and
// the simulator in one process and each orchestrator in its own, against a broker and a PostgreSQL cluster of this
// suite's own. Nothing is restarted by hand but the broker.

jest.setTimeout(600_000);

const CREDITED_ICCID = `894401000000000007${luhnCheckDigit('894401000000000007')}`;

interface Orchestrator {
  readonly child: ChildUnderTest;
  readonly port: number;
  /**
   * Every /health/ready answer seen: when it was asked (its checks run then) and its status code (0 when it did
   * not answer).
   */
  readonly readiness: { at: number; status: number }[];
}

/** The system as separate processes on a private broker and database. */
class FaultRig {
  env: Record<string, string> = {};
  names!: KafkaNames;
  broker!: PrivateBroker;
  postgres!: PrivatePostgres;
  gatewayUrl = '';
  simulatorUrl = '';
  readonly orchestrators: Orchestrator[] = [];
  private rest: ChildUnderTest | undefined;
  private polling: NodeJS.Timeout | undefined;

  async start(): Promise<void> {
    this.broker = await startPrivateBroker('orchestrator-faults');
    this.postgres = await PrivatePostgres.create('orchestrator-faults');
    const ports = {
      gateway: await freePort(),
      adapter: await freePort(),
      simulator: await freePort(),
      es2: await freePort(),
    };
    this.env = testEnvironment({
      ...isolatedEnvironment('faults'),
      KAFKA_BROKERS: this.broker.plaintext,
      DATABASE_URL: this.postgres.url,
      PORTAL_GATEWAY_PORT: String(ports.gateway),
      SMDP_ADAPTER_PORT: String(ports.adapter),
      SMDP_SIMULATOR_PORT: String(ports.simulator),
      SMDP_SIMULATOR_ES2_PORT: String(ports.es2),
      SMDP_ADAPTER_BASE_URL: `https://127.0.0.1:${ports.es2}`,
      SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(ports.adapter),
      SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: '0',
      // A profile for every inline purchase: none fails for want of one.
      SMDP_SIMULATOR_POOL_SIZE: '400',
      // A long session: a consumer that rejoined as a new member after the outage would wait out its old member's
      // session, and show here as a crash (asserted) and a long pause (reported).
      ORCHESTRATOR_SESSION_TIMEOUT_MS: '30000',
      ORCHESTRATOR_TIMER_POLL_MS: '100',
      LOG_LEVEL: 'warn',
    });
    this.names = kafkaNames(this.env.KAFKA_NAMESPACE!);
    this.gatewayUrl = `https://127.0.0.1:${ports.gateway}`;
    this.simulatorUrl = `http://127.0.0.1:${ports.simulator}`;
    this.rest = new ChildUnderTest(
      launcherEntry,
      { ...this.env, APPS: 'portal-gateway,smdp-adapter,smdp-simulator' },
      repositoryRoot,
    );
    await this.rest.waitForOutput(/fulfillment is up/, 120_000);
    this.polling = setInterval(() => void this.pollReadiness(), 250);
  }

  async orchestrator(): Promise<Orchestrator> {
    const port = await freePort();
    const child = new ChildUnderTest(
      launcherEntry,
      { ...this.env, APPS: 'orchestrator', ORCHESTRATOR_PORT: String(port) },
      repositoryRoot,
    );
    const orchestrator = { child, port, readiness: [] };
    this.orchestrators.push(orchestrator);
    await child.waitForOutput(/fulfillment is up/, 120_000);
    return orchestrator;
  }

  async ready(orchestrator: Orchestrator): Promise<void> {
    await waitFor(() => (lastStatus(orchestrator) === 200 ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 100,
      what: `orchestrator on ${orchestrator.port} ready`,
    });
  }

  /** Posts a portal event until it is answered 202 (the gateway answers 503 while Kafka is away). */
  async accept(event: Record<string, unknown>): Promise<void> {
    let last = '';
    const post = async () => {
      const answer = await postJson(`${this.gatewayUrl}/v1/portal-events`, event).catch(
        (error: unknown) => ({ status: 0, body: { error: String(error) } }),
      );
      last = `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
      if (answer.status === 202) return true;
      if (answer.status !== 503 && answer.status !== 0) throw new Error(`answered ${last}`);
      return undefined;
    };
    await waitFor(post, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: `${String(event.transactionId)} accepted`,
    }).catch((error: unknown) => {
      const output = this.rest?.stdout.slice(-1500) ?? '';
      throw new Error(`${String(error)}; last answer ${last}; gateway output ${output}`);
    });
  }

  async simulatorCalls(fn: string): Promise<{ functionCallIdentifier?: string }[]> {
    const response = await edgeFetch(`${this.simulatorUrl}/simulator/calls?function=${fn}`);
    const body = (await response.json()) as { calls: { functionCallIdentifier?: string }[] };
    return body.calls;
  }

  async stop(): Promise<void> {
    clearInterval(this.polling);
    for (const { child } of this.orchestrators) {
      child.kill('SIGKILL');
      await child.exited;
    }
    this.rest?.kill('SIGKILL');
    await this.rest?.exited;
    await this.broker?.stop().catch(() => undefined);
    this.postgres?.destroy();
  }

  private async pollReadiness(): Promise<void> {
    await Promise.all(
      this.orchestrators.map(async (orchestrator) => {
        const at = Date.now();
        // Longer than the Kafka probe's own timeout (3.5 s), so an answer during an outage arrives.
        const response = await fetch(`http://127.0.0.1:${orchestrator.port}/health/ready`, {
          signal: AbortSignal.timeout(5000),
        }).catch(() => null);
        orchestrator.readiness.push({ at, status: response?.status ?? 0 });
        await response?.body?.cancel();
      }),
    );
  }
}

const lastStatus = (orchestrator: Orchestrator) => orchestrator.readiness.at(-1)?.status;

/** A mix of flows: ES2+ orders through the real adapter and simulator, balance additions, cancellations. */
function purchases(count: number, prefix: string): Map<string, Record<string, unknown>> {
  const events = new Map<string, Record<string, unknown>>();
  for (let index = 0; index < count; index += 1) {
    const transactionId = `${prefix}-${index}-${randomUUID().slice(0, 8)}`;
    const kind = index % 4;
    events.set(
      transactionId,
      kind < 2
        ? portalEvents.inline(transactionId)
        : kind === 2
          ? portalEvents.balanceAddition(transactionId, CREDITED_ICCID)
          : portalEvents.cancelled(transactionId),
    );
  }
  return events;
}

/** Settled: a directive issued (an order's purchase then waits for the device), or cancelled. */
function settled(history: readonly PurchaseEvent[] | undefined, event: Record<string, unknown>) {
  if (history === undefined) return false;
  if (event.type === 'PurchaseCancelled')
    return history.some((e) => e.type === 'PurchaseCancelled');
  return history.some((e) => e.type === 'DirectiveIssued');
}

describe('orchestrator faults (separate processes, private broker and database)', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = new FaultRig();
    await rig.start();
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('broker SIGKILLed and restarted during 300 purchases over two orchestrators: each accepted purchase is decided once, no order twice, readiness red until decisions resume', async () => {
    const first = await rig.orchestrator();
    const second = await rig.orchestrator();
    await rig.ready(first);
    await rig.ready(second);

    const events = purchases(300, 'outage');
    const list = [...events.values()];
    const sending = (async () => {
      for (let start = 0; start < list.length; start += 10) {
        await Promise.all(list.slice(start, start + 10).map((event) => rig.accept(event)));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

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
        () => {
          const audit = auditLog(recorder, rig.names.topics);
          const pending = [...events].filter(
            ([transactionId, event]) => !settled(audit.histories.get(transactionId), event),
          );
          return pending.length === 0 ? true : undefined;
        },
        { timeoutMs: 240_000, intervalMs: 1000, what: 'every accepted purchase decided' },
      );
      for (const orchestrator of [first, second]) await rig.ready(orchestrator);
      await recorder.catchUp();

      const audit = auditLog(recorder, rig.names.topics);
      expect(audit.violations).toEqual([]);
      for (const [transactionId, event] of events) {
        const history = audit.histories.get(transactionId) ?? [];
        expect([
          transactionId,
          history.filter((e) => e.type === 'PurchaseAccepted' || e.type === 'PurchaseCancelled')
            .length,
        ]).toEqual([transactionId, 1]);
        expect([transactionId, settled(history, event)]).toEqual([transactionId, true]);
      }
      const inline = [...events.values()].filter((event) => event.flow === 'inline').length;
      const orders = audit.effects.filter(
        (record) =>
          record.effect.type === 'SendEs2Request' && record.effect.function === 'downloadOrder',
      );
      expect(orders).toHaveLength(inline);
      // The simulator saw one order per purchase: a retried call repeats its functionCallIdentifier.
      const calls = await rig.simulatorCalls('downloadOrder');
      expect(new Set(calls.map((call) => call.functionCallIdentifier)).size).toBe(inline);

      // Readiness told the truth: red during the outage, green again only once it decided.
      for (const orchestrator of [first, second]) {
        const during = orchestrator.readiness.filter(
          (answer) => answer.at > killedAt && answer.at < restartingAt,
        );
        expect(during.length).toBeGreaterThan(0);
        expect(during.every((answer) => answer.status !== 200)).toBe(true);
        expect(lastStatus(orchestrator)).toBe(200);
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
