import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  PartitionProgress,
  SupervisedConsumer,
  toRecord,
  type ConsumerState,
  type KafkaNames,
} from '@mp/event-log';
import { changelogRecord, iccidsOf } from './changelog-records';
import type { IccidIndex } from './iccid-index';

/** The tail as readiness sees it. */
export interface IccidIndexTailStatus {
  readonly ready: boolean;
  readonly consumer: ConsumerState;
  /** Has read every partition of the changelog up to its end as it was when the tail started, each complete. */
  readonly caughtUp: boolean;
  readonly lag: number;
  /** Partitions whose changelog has no `complete` record yet (being rebuilt from the log). */
  readonly incomplete: readonly number[];
}

/**
 * Reads every partition of the changelog from the beginning, read-committed, for the ICCID index (ADR 0032): an
 * input addressed by ICCID may land on any partition, so every process knows which live purchase holds each ICCID.
 * It reads only the records' headers, never their snapshots (a claimed partition's purchases are restored by
 * PartitionRestorer), and compaction keeps the changelog to about one record per live purchase. It never commits
 * offsets, so every start of its consumer takes a group of its own: one restarted after a broker outage joins an
 * empty group at once instead of waiting out its old member's session, and goes on from where it had read
 * (ADR 0026). It has caught up once it has read every partition up to the end it had when the tail started, and
 * has seen each partition's `complete` record: a partition being rebuilt from the log (ADR 0032) lists its ICCIDs
 * only as its snapshots are written back, so until then an unknown ICCID may be one of its purchases.
 */
export class IccidIndexTail {
  private readonly supervised: SupervisedConsumer;
  private readonly progress = new PartitionProgress(new Map());
  private sampled = false;
  private group = '';
  private partitions: readonly number[] = [];
  /** Partitions whose changelog is complete (written by any machine: ICCIDs do not change with it). */
  private readonly complete = new Set<number>();

  constructor(
    private readonly kafka: Kafka,
    private readonly names: KafkaNames,
    private readonly index: IccidIndex,
    logger: Logger,
  ) {
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
          // Headers are all it reads: 1 MiB fetches keep its buffers small; the changelog is mostly live purchases.
          maxBytesPerPartition: 1024 * 1024,
          // Never restarted by kafkajs in the same group: the supervisor starts it in a fresh one.
          retry: { restartOnFailure: () => Promise.resolve(false) },
        };
      },
      topics: [names.topics.purchaseSnapshots],
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

  status(): IccidIndexTailStatus {
    const caughtUp = this.caughtUp();
    const consumer = this.supervised.state;
    return {
      ready: caughtUp && consumer === 'running',
      consumer,
      caughtUp,
      lag: this.progress.lag(),
      incomplete: this.partitions.filter((partition) => !this.complete.has(partition)),
    };
  }

  /** Resolves true once the tail has caught up, or false after `timeoutMs`. */
  async waitCaughtUp(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.caughtUp()) {
      if (Date.now() >= until || this.supervised.state === 'stopped') return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  private caughtUp(): boolean {
    return (
      this.progress.caughtUpOnce() &&
      this.partitions.length > 0 &&
      this.partitions.every((partition) => this.complete.has(partition))
    );
  }

  private joined(consumer: Consumer, assignment: Readonly<Record<string, number[]>>): void {
    this.partitions = Object.values(assignment).flat();
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
    for (const message of batch.messages) {
      const record = toRecord(batch.topic, batch.partition, message);
      const read = changelogRecord(record);
      if (read.kind === 'snapshot') this.index.set(read.transactionId, iccidsOf(record));
      else if (read.kind === 'tombstone') this.index.remove(read.transactionId);
      else if (read.kind === 'complete') this.complete.add(batch.partition);
    }
  }
}
