import type { Consumer, Kafka, Producer } from 'kafkajs';
import { kafkaNames } from '@mp/event-log';
import type { RejectedRecord } from '@mp/contracts';
import type { ProjectedTopic } from './projection-record.decoder';
import type { BalanceProjector } from './balance.projector';

/** Which projected topic each name is, under a Kafka namespace. */
export function projectedTopics(namespace: string): Record<string, ProjectedTopic> {
  const { topics } = kafkaNames(namespace);
  return { [topics.purchaseEvents]: 'purchaseEvents', [topics.usage]: 'usage' };
}

/** Sends rejected records to the rejected-records topic, keyed as the original record. */
export function rejectedRecordSink(producer: Producer, namespace: string) {
  const topic = kafkaNames(namespace).topics.rejectedRecords;
  return async (records: readonly RejectedRecord[]): Promise<void> => {
    await producer.send({
      topic,
      messages: records.map((record) => ({
        key: record.source.key,
        value: JSON.stringify(record),
      })),
    });
  };
}

export interface ProjectionRun {
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

/**
 * Feeds both topics to the projector, one partition's batch at a time. The offsets that count are the ones the
 * projector stores in PostgreSQL with its rows (G6): the group commits none, and each time partitions are assigned
 * the consumer seeks them to the stored checkpoints. Until that seek lands it may read from the beginning; the
 * projector skips what lies below its checkpoint, so nothing is applied twice and nothing is skipped.
 */
export async function runProjection(options: {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly namespace: string;
  readonly projector: BalanceProjector;
  readonly onApplied?: (changed: readonly string[]) => void;
  /** Every batch the consumer moved past, applied or made only of transaction markers. */
  readonly onPosition?: (topic: string, partition: number, nextOffset: bigint) => void;
}): Promise<ProjectionRun> {
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3000,
    maxWaitTimeInMs: 100,
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    // Should the seek fail, the consumer reads from the beginning and the projector skips what it has: slower, safe.
    seekToCheckpoints(consumer, options.projector, payload.memberAssignment).catch(() => undefined);
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    options.onPosition?.(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n);
  });
  await consumer.connect();
  await consumer.subscribe({
    topics: Object.keys(projectedTopics(options.namespace)),
    fromBeginning: true,
  });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
      const changed = await options.projector.applyBatch(
        batch.topic,
        batch.partition,
        batch.messages,
      );
      const last = batch.messages.at(-1);
      if (last !== undefined) payload.resolveOffset(last.offset);
      options.onApplied?.(changed);
      await payload.heartbeat();
    },
  });
  return {
    consumer,
    stop: async () => {
      await consumer.stop().catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
    },
  };
}

async function seekToCheckpoints(
  consumer: Consumer,
  projector: BalanceProjector,
  assignment: Record<string, number[]>,
): Promise<void> {
  for (const [topic, partitions] of Object.entries(assignment)) {
    const stored = await projector.checkpoints(topic);
    for (const partition of partitions) {
      const offset = stored.get(partition);
      if (offset !== undefined) consumer.seek({ topic, partition, offset });
    }
  }
}
