import { randomUUID } from 'node:crypto';
import {
  Partitioners,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  type Producer,
  type Transaction,
} from 'kafkajs';
import type { Logger } from 'pino';
import { coPartitionedAssigner } from './co-partitioned.assigner';
import type {
  ConsumedRecord,
  OutgoingMessage,
  PartitionHandler,
  TransactionPlan,
} from './exactly-once.types';
import { chunksOf, offsetsAfter, PendingInputs, type CommittedOffset } from './pending-inputs';
import { SerialLane } from './serial-lane';
import { transactionalProducerRetry } from './transactional-producer.retry';

export interface ExactlyOnceOptions {
  readonly groupId: string;
  /** Input topics; all keyed alike with the same partition count. */
  readonly topics: readonly string[];
  /** The transactional id of partition p is this prefix followed by p: stable, so a new owner fences the old. */
  readonly transactionalIdPrefix: string;
  readonly partitionsConsumedConcurrently: number;
  /** Records per transaction at most; a larger batch is committed in several transactions. */
  readonly maxRecordsPerTransaction: number;
  readonly sessionTimeoutMs: number;
}

interface Lane {
  readonly serial: SerialLane;
  readonly pending: PendingInputs;
  generation: number;
  owned: boolean;
  /** True once the claim of the current generation has completed. */
  ready: boolean;
  producer: Producer | undefined;
  /** Settles when the claim of the current generation is complete (fenced, rewound, state caught up). */
  claimed: Promise<void>;
}

const heartbeatEveryMs = 2000;
const reclaimDelayMs = 500;

/**
 * Consume-decide-produce with Kafka transactions (G2), one transactional producer per input partition (kafkajs
 * predates KIP-447, so fencing is by transactional id). Claiming partition p: connect the producer of p (which
 * fences the previous owner and aborts its open transaction), rewind p to the committed offsets (which are final
 * once the previous owner is fenced), commit the handler's barrier, then wait for the handler's state to catch up.
 * Every batch is then decided and committed together with its offsets (batches of both topics that wait for the
 * partition meanwhile share the next transaction); in-memory state changes only after the commit. Any failure of a
 * transaction re-claims the partition, so the batch is read again from the last commit.
 */
export class ExactlyOnceProcessor {
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private readonly lanes = new Map<number, Lane>();
  private generation = 0;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ExactlyOnceOptions,
    private readonly handler: PartitionHandler,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      partitionAssigners: [coPartitionedAssigner],
      readUncommitted: false,
      // Bounds how long a fetch waits on idle partitions; a commit on a fetched partition wakes it earlier.
      maxWaitTimeInMs: 50,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(this.options.sessionTimeoutMs / 3)),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
      this.onAssignment(payload.memberAssignment),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      // Resolved only after a commit: a batch left undecided is fetched again, never skipped.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
    for (const [partition, lane] of this.lanes) await this.release(partition, lane);
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** Partitions whose claim has completed in this process. */
  ownedPartitions(): number[] {
    return [...this.lanes]
      .filter(([, lane]) => lane.owned && lane.ready)
      .map(([partition]) => partition)
      .sort((a, b) => a - b);
  }

  /**
   * Work that is not driven by an input record (a due timer), run in partition order and committed like a batch.
   * Returns false when this process does not own the partition (any more).
   */
  async runInPartition(partition: number, decide: () => TransactionPlan | null): Promise<boolean> {
    const lane = this.lanes.get(partition);
    if (lane === undefined || !lane.owned || !lane.ready) return false;
    const generation = lane.generation;
    return lane.serial.run(async () => {
      if (!this.isCurrent(lane, generation) || !lane.ready) return false;
      const plan = decide();
      if (plan === null) return true;
      return this.commit(partition, lane, generation, plan, []);
    });
  }

  private onAssignment(memberAssignment: Record<string, number[]>): void {
    const generation = ++this.generation;
    const assigned = new Set(Object.values(memberAssignment).flat());
    this.logger.info({ partitions: [...assigned].sort(), generation }, 'partitions assigned');
    for (const [partition, lane] of this.lanes) {
      if (!assigned.has(partition)) void this.release(partition, lane);
    }
    for (const partition of assigned) this.claim(partition, generation);
    if (assigned.size > 0) {
      // A partition paused after losing a transaction is taken up again by its new claim.
      this.consumer?.resume(
        this.options.topics.map((topic) => ({ topic, partitions: [...assigned] })),
      );
    }
  }

  private claim(partition: number, generation: number): void {
    const lane = this.laneOf(partition);
    lane.generation = generation;
    lane.owned = true;
    lane.ready = false;
    lane.claimed = lane.serial.run(() => this.claimUntilDone(partition, lane, generation));
    lane.claimed.catch(() => undefined);
  }

  private async claimUntilDone(partition: number, lane: Lane, generation: number): Promise<void> {
    for (let attempt = 1; this.isCurrent(lane, generation); attempt += 1) {
      try {
        await this.claimOnce(partition, lane);
        lane.ready = this.isCurrent(lane, generation);
        this.logger.info({ partition, generation }, 'partition claimed');
        return;
      } catch (error) {
        this.logger.warn({ partition, attempt, err: error }, 'claiming the partition failed');
        await delay(Math.min(5000, reclaimDelayMs * attempt));
      }
    }
    throw new Error(`partition ${partition}: claim superseded`);
  }

  private async claimOnce(partition: number, lane: Lane): Promise<void> {
    await lane.producer?.disconnect().catch(() => undefined);
    lane.producer = undefined;
    const producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: `${this.options.transactionalIdPrefix}${partition}`,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: transactionalProducerRetry,
    });
    await producer.connect();
    lane.producer = producer;
    await this.rewind(partition);
    const claimId = randomUUID();
    await this.inTransaction(producer, this.handler.claimMessages(partition, claimId), []);
    await this.handler.awaitClaimed(partition, claimId);
  }

  /** Rewinds partition p of every input topic to its committed offset (or the log start). */
  private async rewind(partition: number): Promise<void> {
    const admin = this.admin!;
    const committed = await admin.fetchOffsets({
      groupId: this.options.groupId,
      topics: [...this.options.topics],
    });
    for (const topic of this.options.topics) {
      const entry = committed
        .find((candidate) => candidate.topic === topic)
        ?.partitions.find((candidate) => candidate.partition === partition);
      let offset = entry?.offset ?? '-1';
      if (offset === '-1') {
        const bounds = await admin.fetchTopicOffsets(topic);
        offset = bounds.find((bound) => bound.partition === partition)?.low ?? '0';
      }
      this.consumer?.seek({ topic, partition, offset });
    }
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const lane = this.lanes.get(batch.partition);
    if (lane === undefined || !lane.owned) {
      payload.pause();
      return;
    }
    const generation = lane.generation;
    if (!(await this.awaitClaim(lane, payload))) return;
    const chunks = chunksOf(batch.messages, this.options.maxRecordsPerTransaction);
    for (const messages of chunks) {
      if (!payload.isRunning() || payload.isStale()) return;
      const committed = await new Promise<boolean>((settle, fail) => {
        lane.pending.add({
          topic: batch.topic,
          messages,
          stillWanted: () =>
            payload.isRunning() && !payload.isStale() && this.isCurrent(lane, generation),
          settle,
          fail,
        });
        void lane.serial.run(() => this.commitPending(batch.partition, lane));
      });
      if (!committed) return;
      payload.resolveOffset(messages[messages.length - 1]!.offset);
      await payload.heartbeat().catch(() => undefined);
    }
  }

  /** Decides and commits every chunk waiting for the lane in one transaction (none if an earlier run took them). */
  private async commitPending(partition: number, lane: Lane): Promise<void> {
    const taken = lane.pending.take(this.options.maxRecordsPerTransaction);
    const live = taken.filter((pending) => pending.stillWanted() && lane.ready);
    for (const dropped of taken) if (!live.includes(dropped)) dropped.settle(false);
    if (live.length === 0) return;
    const generation = lane.generation;
    try {
      const records = live.flatMap(({ topic, messages }) =>
        messages.map((message) => toRecord(topic, partition, message)),
      );
      const plan = await this.handler.process(partition, records);
      const offsets = offsetsAfter(partition, live);
      const committed = await this.commit(partition, lane, generation, plan, offsets);
      for (const pending of live) pending.settle(committed);
    } catch (error) {
      for (const pending of live) pending.fail(error);
    }
  }

  /** Waits for the lane's claim while keeping the consumer's group membership alive. */
  private async awaitClaim(lane: Lane, payload: EachBatchPayload): Promise<boolean> {
    if (lane.ready) return true;
    let settled: boolean | undefined;
    lane.claimed.then(
      () => (settled = true),
      () => (settled = false),
    );
    while (settled === undefined) {
      if (!payload.isRunning() || this.stopping) return false;
      await Promise.race([lane.claimed.catch(() => undefined), delay(heartbeatEveryMs)]);
      if (settled === undefined) await payload.heartbeat().catch(() => undefined);
    }
    return settled;
  }

  private async commit(
    partition: number,
    lane: Lane,
    generation: number,
    plan: TransactionPlan,
    offsets: readonly CommittedOffset[],
  ): Promise<boolean> {
    try {
      await this.inTransaction(lane.producer!, plan.messages, offsets);
    } catch (error) {
      this.logger.warn({ partition, err: error }, 'transaction failed; re-claiming the partition');
      lane.ready = false;
      if (this.isCurrent(lane, generation)) {
        lane.claimed = delay(reclaimDelayMs).then(() =>
          this.claimUntilDone(partition, lane, generation),
        );
        lane.claimed.catch(() => undefined);
      }
      return false;
    }
    plan.afterCommit();
    return true;
  }

  private async inTransaction(
    producer: Producer,
    messages: readonly OutgoingMessage[],
    offsets: readonly CommittedOffset[],
  ): Promise<void> {
    const transaction: Transaction = await producer.transaction();
    try {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const message of messages) {
        byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
      }
      if (byTopic.size > 0) {
        await transaction.sendBatch({
          topicMessages: [...byTopic].map(([topic, list]) => ({
            topic,
            messages: list.map((message) => ({
              ...(message.partition === undefined ? {} : { partition: message.partition }),
              key: message.key,
              value: message.value,
              headers: { ...message.headers },
            })),
          })),
        });
      }
      if (offsets.length > 0) {
        await transaction.sendOffsets({
          consumerGroupId: this.options.groupId,
          topics: offsets.map(({ topic, partition, offset }) => ({
            topic,
            partitions: [{ partition, offset }],
          })),
        });
      }
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  private async release(partition: number, lane: Lane): Promise<void> {
    lane.owned = false;
    lane.ready = false;
    lane.generation = -1;
    await lane.serial.run(async () => {
      await lane.producer?.disconnect().catch(() => undefined);
      lane.producer = undefined;
    });
    this.handler.released(partition);
  }

  private isCurrent(lane: Lane, generation: number): boolean {
    return !this.stopping && lane.owned && lane.generation === generation;
  }

  private laneOf(partition: number): Lane {
    let lane = this.lanes.get(partition);
    if (lane === undefined) {
      lane = {
        serial: new SerialLane(),
        pending: new PendingInputs(),
        generation: -1,
        owned: false,
        ready: false,
        producer: undefined,
        claimed: Promise.resolve(),
      };
      this.lanes.set(partition, lane);
    }
    return lane;
  }
}

function toRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  // Header names come from whoever wrote the record: no prototype, so "__proto__" is just a name.
  const decoded = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = first.toString();
  }
  return decoded;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
