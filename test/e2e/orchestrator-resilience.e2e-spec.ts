import { randomInt, randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { kafkaNames, type KafkaNames } from '@mp/event-log';
import { luhnCheckDigit } from '@mp/sim';
import { launcherEntry, repositoryRoot } from '../support/build-apps';
import { ChildUnderTest } from '../support/child-process';
import { auditLog } from '../support/log-audit';
import { portalEvents } from '../support/portal-events';
import { testKafka } from '../support/purchase-system';
import { SmdpResponder } from '../support/smdp-responder';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(300_000);

const CREDITED_ICCID = `894401000000000007${luhnCheckDigit('894401000000000007')}`;

/** One isolated namespace with a responder standing in for the SM-DP+ and a recorder auditing the log. */
class Rig {
  readonly env: Record<string, string>;
  readonly names: KafkaNames;
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly responder: SmdpResponder;
  readonly recorder: TopicRecorder;
  private readonly children = new Set<ChildUnderTest>();

  constructor(overrides: Record<string, string> = {}) {
    this.env = testEnvironment({
      ...isolatedEnvironment('crash'),
      APPS: 'orchestrator',
      ORCHESTRATOR_PORT: '0',
      ORCHESTRATOR_SESSION_TIMEOUT_MS: '6000',
      ORCHESTRATOR_TIMER_POLL_MS: '50',
      LOG_LEVEL: 'warn',
      ...overrides,
    });
    this.names = kafkaNames(this.env.KAFKA_NAMESPACE!);
    this.kafka = testKafka(this.env);
    this.producer = this.kafka.producer();
    this.responder = new SmdpResponder(this.kafka, this.names, {
      iccidPrefix: '4402',
      notifyInstalled: true,
    });
    this.recorder = new TopicRecorder(this.kafka, [
      this.names.topics.purchaseEvents,
      this.names.topics.purchaseEffects,
    ]);
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [...this.names.specs], waitForLeaders: true });
    await admin.disconnect();
    await this.producer.connect();
    await this.responder.start();
    await this.recorder.start();
  }

  async orchestrator(): Promise<ChildUnderTest> {
    const child = new ChildUnderTest(launcherEntry, this.env, repositoryRoot);
    this.children.add(child);
    void child.exited.then(() => this.children.delete(child));
    await child.waitForOutput(/fulfillment is up/, 60_000);
    return child;
  }

  async kill(child: ChildUnderTest, signal: NodeJS.Signals): Promise<void> {
    child.kill(signal);
    await child.exited;
  }

  async send(events: readonly Record<string, unknown>[], timestamp?: number): Promise<void> {
    await this.producer.send({
      topic: this.names.topics.portalEvents,
      acks: -1,
      messages: events.map((event) => ({
        key: String(event.transactionId),
        value: JSON.stringify(event),
        ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }),
      })),
    });
  }

  eventCount(): number {
    return this.recorder.records.filter(
      (record) => record.topic === this.names.topics.purchaseEvents,
    ).length;
  }

  async stop(): Promise<void> {
    for (const child of this.children) await this.kill(child, 'SIGKILL');
    await this.responder.stop();
    await this.recorder.stop();
    await this.producer.disconnect();
  }
}

/** A mix of every flow; the status each purchase must end in. */
function purchases(count: number, prefix: string): Map<string, Record<string, unknown>> {
  const events = new Map<string, Record<string, unknown>>();
  for (let index = 0; index < count; index += 1) {
    const transactionId = `${prefix}-${index}-${randomUUID().slice(0, 8)}`;
    const kind = index % 8;
    const event =
      kind < 4
        ? portalEvents.inline(transactionId)
        : kind < 6
          ? portalEvents.balanceAddition(transactionId, CREDITED_ICCID)
          : kind === 6
            ? portalEvents.cancelled(transactionId)
            : portalEvents.failed(transactionId);
    events.set(transactionId, event);
  }
  return events;
}

const expectedStatus = (event: Record<string, unknown>): string =>
  event.type === 'PurchaseCancelled'
    ? 'cancelled'
    : event.type === 'PurchaseFailed'
      ? 'failed'
      : 'completed';

async function expectAllSettled(rig: Rig, events: Map<string, Record<string, unknown>>) {
  await waitFor(
    () => {
      const audit = auditLog(rig.recorder, rig.names.topics);
      const pending = [...events].filter(
        ([transactionId, event]) => audit.status(transactionId) !== expectedStatus(event),
      );
      return pending.length === 0 ? true : undefined;
    },
    { timeoutMs: 120_000, what: 'every purchase in its final state' },
  );
}

describe('the orchestrator as separate processes', () => {
  it('killed with SIGKILL at random points during 240 purchases, ends every purchase right, nothing twice', async () => {
    const rig = new Rig();
    await rig.start();
    try {
      const events = purchases(240, 'crash');
      const batches = [...events.values()];
      let child = await rig.orchestrator();
      let kills = 0;
      for (let start = 0; start < batches.length; start += 40) {
        await rig.send(batches.slice(start, start + 40));
        // A random point: after some more transitions of this wave have been committed.
        const target = rig.eventCount() + randomInt(1, 120);
        await waitFor(() => (rig.eventCount() >= target ? true : undefined), {
          timeoutMs: 60_000,
          what: `${target} events in the log`,
        }).catch(() => undefined);
        await rig.kill(child, 'SIGKILL');
        kills += 1;
        child = await rig.orchestrator();
      }
      await expectAllSettled(rig, events);
      await rig.kill(child, 'SIGTERM');
      await rig.recorder.catchUp();

      const audit = auditLog(rig.recorder, rig.names.topics);
      expect(kills).toBe(6);
      expect(audit.violations).toEqual([]);
      for (const [transactionId, event] of events) {
        expect([transactionId, audit.status(transactionId)]).toEqual([
          transactionId,
          expectedStatus(event),
        ]);
      }
      const orders = audit.effects.filter(
        (record) =>
          record.effect.type === 'SendEs2Request' && record.effect.function === 'downloadOrder',
      );
      expect(orders).toHaveLength(120);
    } finally {
      await rig.stop();
    }
  });

  it('shares partitions between two processes; when one dies its partitions move with no loss or duplication', async () => {
    const rig = new Rig();
    await rig.start();
    try {
      const events = purchases(120, 'scale');
      const first = await rig.orchestrator();
      const second = await rig.orchestrator();
      await rig.send([...events.values()].slice(0, 60));
      await waitFor(() => (rig.eventCount() >= 100 ? true : undefined), {
        timeoutMs: 60_000,
        what: 'both processes at work',
      });
      await rig.kill(first, 'SIGKILL');
      await rig.send([...events.values()].slice(60));
      await expectAllSettled(rig, events);
      await rig.kill(second, 'SIGTERM');
      await rig.recorder.catchUp();

      const audit = auditLog(rig.recorder, rig.names.topics);
      expect(audit.violations).toEqual([]);
      expect(audit.histories.size).toBe(120);
      expect(first.stdout + second.stdout).toContain('fulfillment is up');
    } finally {
      await rig.stop();
    }
  });

  it('fires a timer that fell due while no orchestrator ran, once, after the restart', async () => {
    const rig = new Rig({ RELEASE_LEAD_TIME_MINUTES: '0' });
    await rig.start();
    try {
      const transactionId = `timer-${randomUUID()}`;
      // Accepted "50 s ago" with a one-minute delay: the release falls due about 10 s from now.
      await rig.send(
        [portalEvents.delayedProfile(transactionId, { downloadDelayMinutes: 1 })],
        Date.now() - 50_000,
      );
      const child = await rig.orchestrator();
      const scheduled = await waitFor(
        () =>
          auditLog(rig.recorder, rig.names.topics)
            .histories.get(transactionId)
            ?.find((event) => event.type === 'TimerScheduled'),
        { timeoutMs: 60_000, what: 'the release timer scheduled' },
      );
      await rig.kill(child, 'SIGKILL');
      const dueAt = Date.parse((scheduled.data as { dueAt: string }).dueAt);
      await waitFor(() => (Date.now() > dueAt + 1000 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'the due time to pass while nothing runs',
      });
      expect(
        auditLog(rig.recorder, rig.names.topics)
          .histories.get(transactionId)
          ?.some((event) => event.type === 'TimerFired'),
      ).toBe(false);

      const restarted = await rig.orchestrator();
      await waitFor(
        () =>
          auditLog(rig.recorder, rig.names.topics).effects.some(
            (record) =>
              record.effect.type === 'SendEs2Request' &&
              record.effect.function === 'releaseProfile',
          )
            ? true
            : undefined,
        { timeoutMs: 60_000, what: 'ReleaseProfile requested after the restart' },
      );
      await rig.kill(restarted, 'SIGTERM');
      await rig.recorder.catchUp();

      const audit = auditLog(rig.recorder, rig.names.topics);
      const history = audit.histories.get(transactionId) ?? [];
      expect(history.filter((event) => event.type === 'TimerFired')).toHaveLength(1);
      const releases = audit.effects.filter(
        (record) =>
          record.effect.type === 'SendEs2Request' && record.effect.function === 'releaseProfile',
      );
      expect(releases).toHaveLength(1);
      expect(audit.violations).toEqual([]);
    } finally {
      await rig.stop();
    }
  });
});
