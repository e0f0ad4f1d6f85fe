import { randomUUID } from 'node:crypto';
import { type Admin, type Consumer, type EachBatchPayload, type Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { SupervisedConsumer, type ConsumerState } from '../projection/supervised-consumer';
import { KeyPlacementPartitioner } from '../key-placement.partitioner';
import { coPartitionedAssigner } from './co-partitioned.assigner';
import { nextOffset, recordId, toRecord } from './consumed-record';
import {
  claimSeconds,
  failedTransactions,
  refusedRecords,
  unclaimedPartitions,
} from './exactly-once.metrics';
import type {
  ConsumedRecord,
  OutgoingMessage,
  PartitionHandler,
  TransactionPlan,
} from './exactly-once.types';
import { askGroupAssignment } from './group-assignment';
import { inTransaction } from './in-transaction';
import { newLane, type Lane } from './lane';
import { chunksOf, offsetsAfter, type CommittedOffset } from './pending-inputs';
import { refusedRecordsReason } from './refused-records';
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

/** What the processor says about itself, for readiness. */
export interface ExactlyOnceStatus {
  readonly ready: boolean;
  readonly consumer: ConsumerState;
  /** Partitions of the current assignment; null until the consumer has joined its group. */
  readonly assigned: readonly number[] | null;
  /** The group member this consumer joined as (its current assignment's); null until it has joined. */
  readonly memberId: string | null;
  readonly claimed: readonly number[];
  /** Partitions not claimed again after a failed transaction because the group gives them elsewhere (ADR 0026). */
  readonly awaitingAssignment: readonly number[];
  readonly failure?: string;
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
 * transaction re-claims the partition, so the batch is read again from the last commit; one the broker refused as
 * too large is then decided record by record, and a record refused on its own goes to the handler's `refused`
 * (ADR 0026). The consumer is supervised: one that crashed is started again, and the processor is not ready
 * meanwhile.
 */
export class ExactlyOnceProcessor {
  private supervised: SupervisedConsumer | undefined;
  private admin: Admin | undefined;
  private readonly lanes = new Map<number, Lane>();
  private assigned: number[] | null = null;
  private memberId: string | null = null;
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
    this.supervised = new SupervisedConsumer({
      kafka: this.kafka,
      name: 'exactly-once',
      logger: this.logger,
      config: {
        groupId: this.options.groupId,
        partitionAssigners: [coPartitionedAssigner],
        readUncommitted: false,
        // Bounds how long a fetch waits on idle partitions; a commit on a fetched partition wakes it earlier.
        maxWaitTimeInMs: 50,
        sessionTimeout: this.options.sessionTimeoutMs,
        heartbeatInterval: Math.min(3000, Math.floor(this.options.sessionTimeoutMs / 3)),
      },
      topics: this.options.topics,
      beforeStart: () => {
        // A new consumer joins as a new member: nothing is owned until its first assignment.
        this.assigned = null;
        this.memberId = null;
        return Promise.resolve();
      },
      onJoin: (consumer, assignment, memberId) => this.onAssignment(consumer, assignment, memberId),
      run: () => ({
        autoCommit: false,
        // Resolved only after a commit: a batch left undecided is fetched again, never skipped.
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.onBatch(payload),
      }),
    });
    await this.supervised.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.supervised?.stop();
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
   * Ready: the consumer runs, has joined its group, and every partition assigned to it is claimed (so decisions are
   * made on all of them). A process with no partition assigned (more processes than partitions) is ready once joined.
   */
  status(): ExactlyOnceStatus {
    const consumer = this.supervised?.state ?? 'stopped';
    const claimed = this.ownedPartitions();
    const assigned = this.assigned;
    const ready =
      consumer === 'running' &&
      assigned !== null &&
      assigned.every((partition) => claimed.includes(partition));
    const failure = this.supervised?.failure;
    const { memberId } = this;
    const awaitingAssignment = [...this.lanes]
      .filter(([, lane]) => lane.owned && lane.awaitingAssignment !== null)
      .map(([partition]) => partition)
      .sort((a, b) => a - b);
    return {
      ready,
      consumer,
      assigned,
      memberId,
      claimed,
      awaitingAssignment,
      ...(failure ? { failure } : {}),
    };
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
      const epoch = lane.epoch;
      const plan = decide();
      if (plan === null) return true;
      return this.commit(partition, lane, { generation, epoch }, plan, []);
    });
  }

  private onAssignment(
    consumer: Consumer,
    memberAssignment: Record<string, number[]>,
    memberId: string,
  ): void {
    const generation = ++this.generation;
    this.memberId = memberId;
    const assigned = new Set(Object.values(memberAssignment).flat());
    this.assigned = [...assigned].sort((a, b) => a - b);
    this.logger.info({ partitions: this.assigned, generation, memberId }, 'partitions assigned');
    for (const [partition, lane] of this.lanes) {
      // The assignment awaited has come: each lane is claimed or released by it.
      lane.awaitingAssignment = null;
      if (!assigned.has(partition) && lane.owned) void this.release(partition, lane);
    }
    for (const partition of assigned) {
      const lane = this.laneOf(partition);
      lane.generation = generation;
      lane.owned = true;
      this.startClaim(partition, lane, { delayMs: 0, reclaim: false });
    }
    if (assigned.size > 0) {
      // A partition paused after losing a transaction (or awaiting this assignment) is taken up by its new claim.
      consumer.resume(this.options.topics.map((topic) => ({ topic, partitions: [...assigned] })));
    }
    this.countUnclaimed();
  }

  /**
   * Claims the lane anew (a new epoch), after `delayMs`, in the lane's order. A re-claim after a failed transaction
   * first asks the group whether the partition is still this member's (`reclaim`): a process frozen past its session
   * and resumed (a zombie) learns of its expulsion only at its next heartbeat, after its transactions have failed,
   * and its claim would fence the partition's new owner until its own next rebalance. When the group gives the
   * partition elsewhere the lane awaits the next assignment; when it cannot say in time the lane claims as before.
   */
  private startClaim(
    partition: number,
    lane: Lane,
    { delayMs, reclaim }: { delayMs: number; reclaim: boolean },
  ): void {
    const epoch = ++lane.epoch;
    const generation = lane.generation;
    lane.ready = false;
    const since = Date.now();
    lane.claimed = lane.serial.run(async () => {
      if (delayMs > 0) await delay(delayMs);
      if (reclaim && !(await this.stillAssigned(partition, lane, generation, epoch))) {
        throw new Error(`partition ${partition}: not claimed again`);
      }
      await this.claimUntilDone(partition, lane, generation, epoch);
      claimSeconds.observe({ group: this.options.groupId }, (Date.now() - since) / 1000);
    });
    lane.claimed.catch(() => undefined);
    this.countUnclaimed();
  }

  /** False, with the lane awaiting the next assignment, when the group gives the partition to another member. */
  private async stillAssigned(
    partition: number,
    lane: Lane,
    generation: number,
    epoch: number,
  ): Promise<boolean> {
    const { groupId, topics } = this.options;
    const memberId = this.memberId;
    if (memberId === null) return true;
    const answer = await askGroupAssignment(this.admin!, { groupId, memberId, partition, topics });
    // An assignment that came meanwhile claims the lane itself.
    if (!this.isCurrent(lane, generation) || lane.epoch !== epoch) return false;
    if (answer.kind === 'unknown') {
      this.logger.debug({ partition, reason: answer.reason }, 'group not asked; claiming again');
      return true;
    }
    if (answer.kind === 'assigned') return true;
    lane.awaitingAssignment = answer.reason;
    this.supervised?.consumer?.pause(topics.map((topic) => ({ topic, partitions: [partition] })));
    this.countUnclaimed();
    this.logger.warn(
      { partition, memberId, reason: answer.reason },
      "transaction failed and the partition is not this member's any more: awaiting the next assignment",
    );
    return false;
  }

  private async claimUntilDone(
    partition: number,
    lane: Lane,
    generation: number,
    epoch: number,
  ): Promise<void> {
    for (let attempt = 1; this.isCurrent(lane, generation) && lane.epoch === epoch; attempt += 1) {
      try {
        await this.claimOnce(partition, lane);
        if (!this.isCurrent(lane, generation) || lane.epoch !== epoch) break;
        lane.ready = true;
        this.countUnclaimed();
        const fields = { partition, generation, attempts: attempt };
        if (attempt > 1) this.logger.info(fields, 'partition claimed');
        else this.logger.debug(fields, 'partition claimed');
        return;
      } catch (error) {
        // Once per outage at warn: a broker restart fails every attempt until it serves again.
        const fields = { partition, attempt, err: error };
        if (attempt === 1) this.logger.warn(fields, 'claiming the partition failed; retrying');
        else this.logger.debug(fields, 'claiming the partition failed again');
        // Each attempt already waits out its requests' retries: the next one follows promptly, so a lane is claimed
        // within about a second of the broker serving again.
        await delay(Math.min(1000, reclaimDelayMs * attempt));
      }
    }
    throw new Error(`partition ${partition}: claim superseded`);
  }

  private async claimOnce(partition: number, lane: Lane): Promise<void> {
    await lane.producer?.disconnect().catch(() => undefined);
    lane.producer = undefined;
    const producer = this.kafka.producer({
      createPartitioner: KeyPlacementPartitioner,
      transactionalId: `${this.options.transactionalIdPrefix}${partition}`,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: transactionalProducerRetry,
    });
    await producer.connect();
    lane.producer = producer;
    await this.rewind(partition);
    const claimId = randomUUID();
    const claim = this.handler.claimMessages(partition, claimId, this.memberId ?? '');
    await inTransaction(producer, this.options.groupId, claim, []);
    const writeBack = await this.handler.awaitClaimed(partition, claimId);
    let chunk: OutgoingMessage[] = [];
    for (const message of writeBack ?? []) {
      chunk.push(message);
      if (chunk.length < this.options.maxRecordsPerTransaction) continue;
      await inTransaction(producer, this.options.groupId, chunk, []);
      chunk = [];
    }
    if (chunk.length > 0) await inTransaction(producer, this.options.groupId, chunk, []);
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
      this.supervised?.consumer?.seek({ topic, partition, offset });
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
      const decided = new Promise<boolean>((settle, fail) => {
        lane.pending.add({
          topic: batch.topic,
          messages,
          stillWanted: () =>
            payload.isRunning() && !payload.isStale() && this.isCurrent(lane, generation),
          settle,
          fail,
        });
        // After this turn of the event loop: every batch of the same fetch for this partition (one per input
        // topic) is then pending too, and they share one transaction instead of two back to back (ADR 0030).
        void lane.serial.run(() =>
          nextTurn().then(() => this.commitPending(batch.partition, lane)),
        );
      });
      // A decision may wait (an index catching up): the group must not take this member for dead meanwhile.
      if (!(await this.whileHeartbeating(decided, payload))) return;
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
    const claim = { generation: lane.generation, epoch: lane.epoch };
    try {
      const records = live.flatMap(({ topic, messages }) =>
        messages.map((message) => toRecord(topic, partition, message)),
      );
      const committed = records.some((record) => lane.suspects.has(recordId(record)))
        ? await this.commitOneByOne(partition, lane, claim, records)
        : await this.commit(
            partition,
            lane,
            claim,
            await this.handler.process(partition, records),
            offsetsAfter(partition, live),
            (reason) => this.suspect(lane, records, reason),
          );
      for (const pending of live) pending.settle(committed);
    } catch (error) {
      for (const pending of live) pending.fail(error);
    }
  }

  /** A transaction of these records was refused: one record is refused on its own; more are tried one by one. */
  private suspect(lane: Lane, records: readonly ConsumedRecord[], reason: string): void {
    if (records.length === 1) lane.refused.set(recordId(records[0]!), reason);
    else for (const record of records) lane.suspects.add(recordId(record));
  }

  /**
   * After a refused transaction: each record decided and committed on its own, so every record that fits is
   * committed and the one that does not is known. A refused record gets the handler's `refused` plan instead.
   */
  private async commitOneByOne(
    partition: number,
    lane: Lane,
    claim: { generation: number; epoch: number },
    records: readonly ConsumedRecord[],
  ): Promise<boolean> {
    for (const record of records) {
      if (!this.isCurrent(lane, claim.generation) || lane.epoch !== claim.epoch || !lane.ready) {
        return false;
      }
      const id = recordId(record);
      const reason = lane.refused.get(id);
      const offsets = [{ topic: record.topic, partition, offset: nextOffset(record.offset) }];
      let committed: boolean;
      if (reason === undefined) {
        const plan = await this.handler.process(partition, [record]);
        committed = await this.commit(partition, lane, claim, plan, offsets, (why) =>
          lane.refused.set(id, why),
        );
      } else {
        committed = await this.commitRefused(partition, lane, claim, record, reason, offsets);
      }
      if (!committed) return false;
      lane.suspects.delete(id);
      lane.refused.delete(id);
      lane.unrecordable.delete(id);
    }
    return true;
  }

  private async commitRefused(
    partition: number,
    lane: Lane,
    claim: { generation: number; epoch: number },
    record: ConsumedRecord,
    reason: string,
    offsets: readonly CommittedOffset[],
  ): Promise<boolean> {
    const id = recordId(record);
    const where = { partition, topic: record.topic, offset: record.offset, reason };
    const { groupId: group } = this.options;
    if (this.handler.refused && !lane.unrecordable.has(id)) {
      this.logger.warn(where, 'the broker refused the decision for one record; handing it over');
      const plan = this.handler.refused(partition, record, reason);
      const committed = await this.commit(partition, lane, claim, plan, offsets, () =>
        lane.unrecordable.add(id),
      );
      if (committed) refusedRecords.inc({ group, outcome: 'handled' });
      return committed;
    }
    this.logger.error(where, 'the broker refused even the record kept for this input; skipped');
    const empty: TransactionPlan = { messages: [], afterCommit: () => undefined };
    const committed = await this.commit(partition, lane, claim, empty, offsets);
    if (committed) refusedRecords.inc({ group, outcome: 'skipped' });
    return committed;
  }

  /** Waits for the lane's claim while keeping the consumer's group membership alive. */
  private async awaitClaim(lane: Lane, payload: EachBatchPayload): Promise<boolean> {
    if (lane.ready) return true;
    return this.whileHeartbeating(
      lane.claimed.then(
        () => true,
        () => false,
      ),
      payload,
    );
  }

  private async whileHeartbeating<T>(work: Promise<T>, payload: EachBatchPayload): Promise<T> {
    let done = false;
    const settled = work.finally(() => (done = true));
    settled.catch(() => undefined);
    while (!done) {
      if (!payload.isRunning() || this.stopping) break;
      const pause = sleep(heartbeatEveryMs);
      await Promise.race([settled.catch(() => undefined), pause.promise]);
      pause.cancel();
      if (!done) await payload.heartbeat().catch(() => undefined);
    }
    return settled;
  }

  private async commit(
    partition: number,
    lane: Lane,
    claim: { generation: number; epoch: number },
    plan: TransactionPlan,
    offsets: readonly CommittedOffset[],
    onRefused?: (reason: string) => void,
  ): Promise<boolean> {
    try {
      await inTransaction(lane.producer!, this.options.groupId, plan.messages, offsets);
    } catch (error) {
      const refused = refusedRecordsReason(error);
      const { groupId: group } = this.options;
      failedTransactions.inc({ group, kind: refused === null ? 'retriable' : 'refused' });
      if (refused !== null) onRefused?.(refused);
      // A transaction decided before the lane was claimed again is stale: the new claim stands.
      const current = this.isCurrent(lane, claim.generation) && lane.epoch === claim.epoch;
      if (current) {
        const fields = { partition, err: error, refused: refused !== null };
        if (lane.ready) this.logger.warn(fields, 'transaction failed; re-claiming the partition');
        else this.logger.debug(fields, 'transaction failed; re-claiming the partition');
        this.startClaim(partition, lane, { delayMs: reclaimDelayMs, reclaim: true });
      }
      return false;
    }
    plan.afterCommit();
    return true;
  }

  private async release(partition: number, lane: Lane): Promise<void> {
    lane.owned = false;
    lane.ready = false;
    lane.awaitingAssignment = null;
    lane.generation = -1;
    lane.epoch += 1;
    lane.suspects.clear();
    lane.refused.clear();
    lane.unrecordable.clear();
    this.countUnclaimed();
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
      lane = newLane();
      this.lanes.set(partition, lane);
    }
    return lane;
  }

  private countUnclaimed(): void {
    let unclaimed = 0;
    for (const lane of this.lanes.values()) if (lane.owned && !lane.ready) unclaimed += 1;
    unclaimedPartitions.set({ group: this.options.groupId }, unclaimed);
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves after the batches kafkajs hands out with this one (in the same turn) have been queued. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function sleep(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}
