import type { Tracer } from '@opentelemetry/api';
import { ProjectionCheckpoints } from '@mp/database';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { describeFailure, isRecordFault } from './apply-failure';
import { PartitionProgress } from './partition-progress';
import { projectionRejected, projectionStalled } from './projection.metrics';
import type { Projection } from './projection.types';
import { ProjectionItems, type Item } from './projection-items';
import { readRecord } from './record-screening';
import type { RejectionSink } from './rejection';
import { SupervisedConsumer, type ConsumerState } from './supervised-consumer';
import { ProjectionWriteSpans } from './projection-write.spans';

export interface ProjectionRunnerOptions<T, R> {
  readonly kafka: Kafka;
  readonly dataSource: DataSource;
  readonly projection: Projection<T, R>;
  readonly rejections: RejectionSink;
  readonly logger: Logger;
  readonly maxRecordBytes?: number;
  readonly now?: () => Date;
  /** Spans of the projection's writes, one per traced record (none while tracing is off; ADR 0024). */
  readonly tracer?: Tracer;
}

export type ProjectionState = 'catchingUp' | 'live' | 'stalled' | Exclude<ConsumerState, 'running'>;

export interface ProjectionStatus {
  /** Caught up once since start with what the log held then, consuming, and able to write. */
  readonly ready: boolean;
  readonly state: ProjectionState;
  /** Records not yet applied on the partitions this process owns. */
  readonly lag: number;
  readonly detail?: string;
}

/** A batch handed on to commit: its records are kept until it is applied, in case it gives up first. */
interface HandedOn<T> {
  readonly generation: number;
  items: readonly Item<T>[];
  readonly next: bigint;
  readonly done: Promise<boolean>;
}

const retryMs = { first: 250, max: 5000 };

/**
 * The one way this codebase projects Kafka into PostgreSQL (G6, G14). Each batch of one partition is one PostgreSQL
 * transaction that applies the records and moves the partition's checkpoint (`projection_checkpoint`); records below
 * the checkpoint were applied before and are skipped, so a redelivery changes nothing. Where reading starts is the
 * checkpoint: every group join seeks each assigned partition to it before the first fetch.
 *
 * Hostile input is handled here once for every projection: a record that is too large, has a timestamp no RFC 3339
 * time names, is not JSON, or that the projection cannot read is kept as rejected (through `rejections`, in the same
 * transaction) and its partition flows on; so is a record whose writes the database refuses for the record's own
 * sake. A database that is unavailable is waited for (the batch is retried, the projection reports itself stalled),
 * and a consumer that crashes is started again.
 */
export class CheckpointedProjectionRunner<T, R = void> {
  private readonly checkpoints: ProjectionCheckpoints;
  private readonly consumer: SupervisedConsumer;
  /** Next offsets as last read from or written to PostgreSQL: never ahead of the stored checkpoint. */
  private readonly known = new Map<string, bigint>();
  private readonly progress = new PartitionProgress(this.known);
  private stalledBy: string | undefined;
  private readonly labels: { projection: string; group: string };
  private readonly spans: ProjectionWriteSpans;
  private readonly items: ProjectionItems<T>;
  /** Per partition, the last batch handed on, under the group generation it was read in. */
  private readonly committing = new Map<string, HandedOn<T>>();
  /** Counts joins: a batch that gave up under an earlier one was followed by a seek to the checkpoint. */
  private generation = 0;

  constructor(private readonly options: ProjectionRunnerOptions<T, R>) {
    const { projection } = options;
    this.spans = new ProjectionWriteSpans(projection.name, options.tracer);
    this.items = new ProjectionItems(options);
    this.checkpoints = new ProjectionCheckpoints(projection.name);
    this.labels = { projection: projection.name, group: projection.groupId };
    this.consumer = new SupervisedConsumer({
      kafka: options.kafka,
      name: projection.name,
      config: { groupId: projection.groupId, maxWaitTimeInMs: 100, readUncommitted: false },
      topics: projection.topics,
      logger: options.logger,
      beforeStart: () => this.readCheckpoints(),
      onJoin: (consumer, assignment) => this.seekToCheckpoints(consumer, assignment),
      onBatchEnd: (end) => this.batchEnded(end),
      run: () => ({
        // The group's offsets are committed after PostgreSQL's, off the path of the next fetch (not by kafkajs after
        // every batch), for tools that show a group's lag; reading never starts from them.
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: projection.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.onBatch(payload),
      }),
    });
  }

  /** Resolves once the consumer has joined its group and knows how far behind it starts. */
  async start(): Promise<void> {
    projectionStalled.set(this.labels, 0);
    await this.consumer.start();
    await this.progress.sampleEnds(this.options.kafka);
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    // Handed-on batches end once applied or once they see the consumer stopped.
    await Promise.all([...this.committing.values()].map((committing) => committing.done));
    this.committing.clear();
    this.progress.clear();
    projectionStalled.remove(this.labels);
  }

  status(): ProjectionStatus {
    const lag = this.progress.lag();
    const state = this.state();
    const detail = this.stalledBy ?? this.consumer.failure;
    return {
      ready: state === 'live',
      state,
      lag,
      ...(detail === undefined || state === 'live' ? {} : { detail }),
    };
  }

  /** The next offset this projection has moved past on a partition, if it has seen any. */
  position(topic: string, partition: number): bigint | undefined {
    return this.progress.position(topic, partition);
  }

  private state(): ProjectionState {
    const consumer = this.consumer.state;
    if (consumer !== 'running') return consumer;
    if (this.stalledBy !== undefined) return 'stalled';
    return this.progress.caughtUpOnce() ? 'live' : 'catchingUp';
  }

  private async readCheckpoints(): Promise<void> {
    this.known.clear();
    for (const row of await this.checkpoints.all(this.options.dataSource)) {
      this.known.set(key(row.topic, row.partition), row.nextOffset);
    }
  }

  private seekToCheckpoints(
    consumer: Consumer,
    assignment: Readonly<Record<string, number[]>>,
  ): void {
    this.progress.assigned(assignment, this.labels);
    this.generation += 1;
    // A batch that could not be applied is read again by whoever owns its partition now; this process starts over.
    this.stalledBy = undefined;
    projectionStalled.set(this.labels, 0);
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        // A partition without a checkpoint has never been applied here: from its first offset.
        const offset = this.known.get(key(topic, partition))?.toString() ?? EARLIEST;
        consumer.seek({ topic, partition, offset });
      }
    }
    void this.progress.sampleEnds(this.options.kafka);
  }

  /**
   * Reads the batch while the partition's last one may still be committing, then hands it on to commit after that
   * one and returns: kafkajs fetches the next round only once every batch of the last has returned, so reading,
   * decoding and PostgreSQL's work overlap instead of taking turns (ADR 0034). A partition has at most one batch
   * committing and one read behind it. Its offset is resolved when it is handed on, since kafkajs fetches from the
   * resolved offsets; where reading starts is still the checkpoint alone.
   */
  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const name = key(batch.topic, batch.partition);
    const generation = this.generation;
    const items = batch.messages.map((message) =>
      this.items.read(readRecord(batch.topic, batch.partition, message)),
    );
    const next = BigInt(batch.lastOffset()) + 1n;
    const before = this.committing.get(name);
    if (before !== undefined && !(await before.done) && before.generation === generation) {
      // The batch before this one gave up unapplied, its offset already resolved: it goes first, or this one would
      // skip it. Should it give up again, this one's offset stays unresolved and kafkajs fetches it again.
      const again = this.commitUntilDone(payload, before.items, before.next);
      this.committing.set(name, { ...before, done: again });
      if (!(await again)) return;
    }
    const done = this.commitUntilDone(payload, items, next);
    const handed: HandedOn<T> = { generation, items, next, done };
    // Its records are kept only while it may have to be applied again.
    void done.then((applied) => {
      if (applied) handed.items = [];
    });
    this.committing.set(name, handed);
    payload.resolveOffset(batch.lastOffset());
  }

  /** True once the batch is applied; false if it gave up (stopping, or the group moved on before it could). */
  private async commitUntilDone(
    payload: EachBatchPayload,
    items: readonly Item<T>[],
    next: bigint,
  ): Promise<boolean> {
    const { topic, partition } = payload.batch;
    for (let attempt = 1; payload.isRunning() && !payload.isStale(); attempt += 1) {
      try {
        await this.applyBatch(topic, partition, items, next);
        this.recovered();
        const offsets = { topics: [{ topic, partitions: [{ partition, offset: String(next) }] }] };
        void payload.commitOffsetsIfNecessary(offsets).catch(() => undefined);
        return true;
      } catch (error) {
        this.stalled(error, attempt);
        // A rebalance under way: the batch is read again by whoever owns the partition after it.
        if (!(await this.pause(payload, attempt))) return false;
      }
    }
    return false;
  }

  /** What a batch's end says about progress counts once the batches handed on before it are applied. */
  private batchEnded(end: Parameters<PartitionProgress['batchEnded']>[0]): void {
    const committing = this.committing.get(key(end.topic, end.partition));
    if (committing === undefined) {
      this.progress.batchEnded(end);
      return;
    }
    void committing.done.then((applied) => {
      if (applied) this.progress.batchEnded(end);
    });
  }

  /**
   * One transaction for the batch. Should the database refuse it for a record's sake, the records are applied one
   * transaction each, so that only the one at fault is rejected.
   */
  private async applyBatch(
    topic: string,
    partition: number,
    items: readonly Item<T>[],
    next: bigint,
  ) {
    try {
      await this.commit(topic, partition, items, next);
    } catch (error) {
      if (!isRecordFault(error) || items.filter((item) => item.kind === 'apply').length === 0)
        throw error;
      for (const [index, item] of items.entries()) {
        const upTo = index === items.length - 1 ? next : BigInt(item.record.offset) + 1n;
        await this.commitAlone(topic, partition, item, upTo);
      }
    }
  }

  private async commitAlone(topic: string, partition: number, item: Item<T>, upTo: bigint) {
    try {
      await this.commit(topic, partition, [item], upTo);
    } catch (error) {
      if (!isRecordFault(error) || item.kind !== 'apply') throw error;
      // Only the record's fault if the database answers otherwise.
      await this.options.dataSource.query('SELECT 1');
      const why = {
        code: 'APPLY_FAILED',
        reason: `the projection could not apply it: ${describeFailure(error)}`,
      };
      await this.commit(topic, partition, [this.items.rejected(item.record, why)], upTo);
    }
  }

  private async commit(topic: string, partition: number, items: readonly Item<T>[], next: bigint) {
    const writes = this.spans.start(
      items.flatMap((item) => (item.kind === 'apply' ? [item.record] : [])),
    );
    try {
      await this.commitTraced(topic, partition, items, next);
      writes.end();
    } catch (error) {
      writes.fail(error);
      throw error;
    }
  }

  private async commitTraced(
    topic: string,
    partition: number,
    items: readonly Item<T>[],
    next: bigint,
  ) {
    const { projection } = this.options;
    const outcome = await this.options.dataSource.transaction(async (manager) => {
      const checkpoint = await this.checkpoints.lock(manager, topic, partition);
      if (checkpoint >= next)
        return { checkpoint, result: undefined, rejections: [], applied: false };
      const fresh = items.filter((item) => BigInt(item.record.offset) >= checkpoint);
      const records = fresh.flatMap((item) =>
        item.kind === 'apply' ? [{ record: item.record, value: item.value }] : [],
      );
      const rejections = fresh.flatMap((item) => (item.kind === 'reject' ? [item.rejection] : []));
      const result =
        records.length > 0
          ? await projection.apply(manager, { topic, partition, records })
          : undefined;
      if (rejections.length > 0) await this.options.rejections(manager, rejections);
      await this.checkpoints.advance(manager, topic, partition, next);
      return { checkpoint: next, result, rejections, applied: records.length > 0 };
    });
    this.known.set(key(topic, partition), outcome.checkpoint);
    for (const rejection of outcome.rejections) {
      projectionRejected.inc({ ...this.labels, code: rejection.code });
      this.options.logger.warn(
        {
          projection: projection.name,
          source: rejection.source,
          code: rejection.code,
          reason: rejection.reason,
        },
        'record rejected',
      );
    }
    if (outcome.applied) projection.afterCommit?.(outcome.result as R);
  }

  private stalled(error: unknown, attempt: number): void {
    this.stalledBy = `cannot apply: ${describeFailure(error)}`;
    projectionStalled.set(this.labels, 1);
    // The first failure, then now and again: an outage must not flood the log.
    if (attempt === 1 || attempt % 20 === 0) {
      this.options.logger.warn(
        { projection: this.options.projection.name, attempt, err: error },
        'projection cannot apply its batch; retrying',
      );
    }
  }

  private recovered(): void {
    if (this.stalledBy === undefined) return;
    this.stalledBy = undefined;
    projectionStalled.set(this.labels, 0);
    this.options.logger.info(
      { projection: this.options.projection.name },
      'projection applies again',
    );
  }

  /** Waits before the next attempt while keeping the group membership alive; false once the group rebalances. */
  private async pause(payload: EachBatchPayload, attempt: number): Promise<boolean> {
    const wait = Math.min(retryMs.max, retryMs.first * 2 ** Math.min(attempt - 1, 5));
    await new Promise((resolve) => setTimeout(resolve, wait));
    return payload.heartbeat().then(
      () => true,
      () => false,
    );
  }
}

/** kafkajs' special offset for the first offset still in the log. */
const EARLIEST = '-2';

const key = (topic: string, partition: number) => `${topic}:${partition}`;
