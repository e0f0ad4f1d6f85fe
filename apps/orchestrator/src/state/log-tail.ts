import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { parkingRecordSchema, parsePurchaseEvent } from '@mp/contracts';
import {
  Headers,
  PartitionProgress,
  RecordKinds,
  SupervisedConsumer,
  toRecord,
  type ConsumerState,
  type KafkaNames,
  type ConsumedRecord,
} from '@mp/event-log';
import { recordJson } from '../processing/record-json';
import { BarrierTracker, barrierTopics } from './partition-barrier';
import type { PurchaseStore } from './purchase-store';

/** The tail as readiness sees it. */
export interface LogTailStatus {
  readonly ready: boolean;
  readonly consumer: ConsumerState;
  /** Has read every partition of the state topics up to its end as it was when the tail started. */
  readonly caughtUp: boolean;
  readonly lag: number;
}

/**
 * Reads the purchase event log and the parking topic from the beginning, read-committed, into the store: every
 * process keeps every purchase warm, so taking over a partition needs no replay (ADR 0007). It never commits
 * offsets, so every start of its consumer takes a group of its own: one restarted after a broker outage joins an
 * empty group at once instead of waiting out its old member's session, and goes on from where it had read
 * (ADR 0026). It has caught up once it has read every partition up to the end it had when the tail started.
 */
export class LogTail {
  private readonly supervised: SupervisedConsumer;
  private readonly barriers: BarrierTracker;
  private readonly progress = new PartitionProgress(new Map());
  private sampled = false;
  private group = '';

  constructor(
    private readonly kafka: Kafka,
    private readonly names: KafkaNames,
    private readonly store: PurchaseStore,
    private readonly logger: Logger,
  ) {
    this.barriers = new BarrierTracker(barrierTopics(names.topics).length);
    this.supervised = new SupervisedConsumer({
      kafka,
      name: 'orchestrator-state',
      logger,
      config: () => {
        this.group = `${this.names.groups.orchestrator}.state.${randomUUID()}`;
        return {
          groupId: this.group,
          readUncommitted: false,
          maxWaitTimeInMs: 100,
          maxBytesPerPartition: 4 * 1024 * 1024,
          // Never restarted by kafkajs in the same group: the supervisor starts it in a fresh one.
          retry: { restartOnFailure: () => Promise.resolve(false) },
        };
      },
      topics: barrierTopics(names.topics),
      onJoin: (consumer, assignment) => this.joined(consumer, assignment),
      onBatchEnd: (end) => this.progress.batchEnded(end),
      run: () => ({
        autoCommit: false,
        partitionsConsumedConcurrently: 4,
        eachBatch: (payload) => this.onBatch(payload),
      }),
    });
  }

  start(): Promise<void> {
    return this.supervised.start();
  }

  async stop(): Promise<void> {
    await this.supervised.stop();
    this.progress.clear();
  }

  awaitBarrier(claimId: string): Promise<void> {
    return this.barriers.wait(claimId);
  }

  status(): LogTailStatus {
    const caughtUp = this.progress.caughtUpOnce();
    const consumer = this.supervised.state;
    return {
      ready: caughtUp && consumer === 'running',
      consumer,
      caughtUp,
      lag: this.progress.lag(),
    };
  }

  /** Resolves true once the tail has caught up, or false after `timeoutMs`. */
  async waitCaughtUp(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.progress.caughtUpOnce()) {
      if (Date.now() >= until || this.supervised.state === 'stopped') return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  private joined(consumer: Consumer, assignment: Readonly<Record<string, number[]>>): void {
    this.progress.assigned(assignment, { projection: 'orchestrator-state', group: this.group });
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const read = this.progress.position(topic, partition);
        if (read !== undefined) consumer.seek({ topic, partition, offset: read.toString() });
      }
    }
    if (!this.sampled) void this.sampleEnds();
  }

  private async sampleEnds(): Promise<void> {
    this.sampled = true;
    await this.progress.sampleEnds(this.kafka);
    if (this.progress.caughtUpOnce()) return;
    // Sampling failed (the broker went away meanwhile): the next join samples again.
    this.sampled = this.progress.hasTargets();
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages)
      this.apply(toRecord(batch.topic, batch.partition, message));
  }

  private apply(record: ConsumedRecord): void {
    const kind = record.headers[Headers.recordKind];
    if (kind === RecordKinds.partitionClaimed) {
      const claimId = readClaimId(record.value);
      if (claimId !== null) this.barriers.seenOn(claimId, record.topic);
      return;
    }
    if (this.holds(record)) return;
    const json = recordJson(record.value);
    if (record.topic === this.names.topics.purchaseParking) {
      const parsed = parkingRecordSchema.safeParse(json);
      if (parsed.success) this.store.applyParking(record.partition, parsed.data);
      else this.unreadable(record, 'an unreadable parking record');
      return;
    }
    const parsed = parsePurchaseEvent(json);
    if (parsed.ok) this.store.applyEvent(record.partition, parsed.event);
    else this.unreadable(record, `an event this version cannot read (${parsed.reason})`);
  }

  /**
   * A record the store has applied already, told by its headers, unparsed: mostly the owner's echo of what it wrote
   * through at commit, which parsing and validating cost a few per cent of the orchestrator's CPU (issue 15). The
   * store would skip it after parsing all the same (by sequence); a record without usable headers is parsed.
   */
  private holds(record: ConsumedRecord): boolean {
    const transactionId = record.headers[Headers.transactionId];
    const sequence = Number(record.headers[Headers.sequence]);
    if (transactionId === undefined || !Number.isSafeInteger(sequence) || sequence < 1)
      return false;
    return record.topic === this.names.topics.purchaseParking
      ? this.store.holdsParking(transactionId, sequence)
      : this.store.holdsEvent(transactionId, sequence);
  }

  private unreadable(record: ConsumedRecord, what: string): void {
    const transactionId = record.headers[Headers.transactionId] ?? record.key;
    const where = `${record.topic}/${record.partition}@${record.offset}`;
    this.logger.error({ transactionId, where }, `log tail: ${what}`);
    if (transactionId) {
      this.store.markUnreadable(record.partition, transactionId, `${what} at ${where}`);
    }
  }
}

function readClaimId(value: Buffer | null): string | null {
  const json = recordJson(value) as { claimId?: unknown } | undefined;
  return typeof json?.claimId === 'string' ? json.claimId : null;
}
