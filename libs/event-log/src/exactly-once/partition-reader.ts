import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type Kafka, type PartitionAssigner } from 'kafkajs';
import type { Logger } from 'pino';
import { withDeadline } from '../with-deadline';
import { assignerProtocol } from './co-partitioned.assigner';
import { toRecord } from './consumed-record';
import type { ConsumedRecord } from './exactly-once.types';

const ONE_PARTITION_ASSIGNER = 'OnePartitionAssigner';

/** Partition `partition` of every subscribed topic to the group's one member (the reader's group is its own). */
export function onePartitionAssigner(partition: number): PartitionAssigner {
  return () => ({
    name: ONE_PARTITION_ASSIGNER,
    version: 0,
    // kafkajs' own assigners are written the same way; `this` is not used.
    // eslint-disable-next-line @typescript-eslint/require-await
    async assign({ members, topics }) {
      return members.map(({ memberId }, index) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment:
            index === 0 ? Object.fromEntries(topics.map((topic) => [topic, [partition]])) : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol: assignerProtocol(ONE_PARTITION_ASSIGNER),
  });
}

export interface PartitionReadOptions {
  readonly topics: readonly string[];
  readonly partition: number;
  /** The reader joins a group of its own, `<groupPrefix>.<uuid>`, which it leaves at the end (nothing committed). */
  readonly groupPrefix: string;
  /** Whether the record is the barrier that ends the read of its topic (it is not passed on). */
  readonly isEnd: (record: ConsumedRecord) => boolean;
  /** Every record before its topic's end, in offset order per topic. */
  readonly onRecord: (record: ConsumedRecord) => void;
  readonly timeoutMs: number;
}

/**
 * Reads partition p of each topic from its beginning, read-committed, up to a barrier (ADR 0032): what a new owner
 * of p restores its state from. kafkajs has no `assign()`, so the reader is a consumer alone in a group of its own
 * whose assigner hands it partition p only. It stops at the barrier, on a crash of its consumer, or at the deadline,
 * and rejects in the last two cases; the caller claims again.
 */
export async function readPartition(
  kafka: Kafka,
  options: PartitionReadOptions,
  logger: Logger,
): Promise<{ records: number }> {
  const consumer = kafka.consumer({
    groupId: `${options.groupPrefix}.${randomUUID()}`,
    partitionAssigners: [onePartitionAssigner(options.partition)],
    readUncommitted: false,
    maxWaitTimeInMs: 100,
    // One claim reads one partition: small fetches keep a restore's buffers (and the process's peak memory) small.
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 1024 * 1024,
    retry: { restartOnFailure: () => Promise.resolve(false) },
  });
  const open = new Set(options.topics);
  let records = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Settled after the deadline or before `run` (a crash while connecting): nobody awaits it then.
  done.catch(() => undefined);
  consumer.on(consumer.events.CRASH, ({ payload }) => settle?.reject(payload.error));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: options.topics.length,
      // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
      eachBatch: async ({ batch }) => {
        if (batch.partition !== options.partition || !open.has(batch.topic)) return;
        for (const message of batch.messages) {
          const record = toRecord(batch.topic, batch.partition, message);
          if (options.isEnd(record)) {
            open.delete(batch.topic);
            if (open.size === 0) settle?.resolve();
            return;
          }
          records += 1;
          options.onRecord(record);
        }
      },
    });
    const what = `reading partition ${options.partition} of ${options.topics.join(', ')}`;
    await withDeadline(done, options.timeoutMs, what);
    return { records };
  } finally {
    await consumer.disconnect().catch((error: unknown) => {
      logger.debug({ err: error }, 'partition reader: disconnect failed');
    });
  }
}
