import { randomUUID } from 'node:crypto';
import type { Admin, ITopicConfig, Kafka, Producer } from 'kafkajs';
import { DEFAULT_PARTITIONS, transactionalProducerRetry } from '@mp/event-log';

export interface HopFigures {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * The limit of one orchestrator hop on this broker (issue 15): a bare kafkajs consume-transform-produce hop, read
 * committed, one transaction per fetched batch (one output record per input, offsets in the transaction, one
 * transactional producer per partition, as the orchestrator), and a read-committed reader of its output. Latency
 * from producing an input to reading its output, at an offered rate, on as many partitions as the orchestrator's
 * topics. Fetch waits as a bare loop would set them: a fetch returns as soon as a byte is there.
 */
export async function measureBareHop(
  kafka: Kafka,
  namespace: string,
  recordsPerSecond: number,
  seconds: number,
): Promise<HopFigures> {
  const run = randomUUID().slice(0, 8);
  const input = `${namespace}.bare-hop-${run}-in`;
  const output = `${namespace}.bare-hop-${run}-out`;
  const admin = kafka.admin();
  await admin.connect();
  await createLedTopics(
    admin,
    [input, output].map((topic) => ({ topic, numPartitions: DEFAULT_PARTITIONS })),
  );
  const groupId = `bare-hop-${run}`;
  const producers = new Map<number, Producer>();
  const hop = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  const reader = kafka.consumer({ groupId: `${groupId}-reader`, maxWaitTimeInMs: 20 });
  const feeder = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  try {
    await Promise.all([hop.connect(), reader.connect(), feeder.connect()]);
    await hop.subscribe({ topic: input, fromBeginning: true });
    await reader.subscribe({ topic: output, fromBeginning: true });
    await hop.run({
      autoCommit: false,
      partitionsConsumedConcurrently: DEFAULT_PARTITIONS,
      eachBatch: async ({ batch }) => {
        const producer = await producerOf(kafka, producers, `${groupId}-${batch.partition}`);
        const transaction = await producer.transaction();
        await transaction.send({
          topic: output,
          messages: batch.messages.map(({ key, value }) => ({ key, value })),
        });
        await transaction.sendOffsets({
          consumerGroupId: groupId,
          topics: [
            {
              topic: input,
              partitions: [{ partition: batch.partition, offset: nextOffset(batch.lastOffset()) }],
            },
          ],
        });
        await transaction.commit();
      },
    });
    await reader.run({
      partitionsConsumedConcurrently: DEFAULT_PARTITIONS,
      // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
      eachBatch: async ({ batch }) => {
        const now = performance.now();
        for (const message of batch.messages) {
          const started = sentAt.get(message.key!.toString());
          if (started !== undefined) latencies.push(now - started);
        }
      },
    });
    // Warm-up: producers created and partitions fetched before the measured records.
    await offer(feeder, input, sentAt, 40, 2);
    await waitFor(() => latencies.length >= 40, 30_000);
    latencies.length = 0;
    sentAt.clear();
    const sent = await offer(feeder, input, sentAt, recordsPerSecond, seconds);
    await waitFor(() => latencies.length >= sent, 10_000);
    const sorted = [...latencies].sort((a, b) => a - b);
    return { samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  } finally {
    await hop.disconnect();
    await reader.disconnect();
    await feeder.disconnect();
    for (const producer of producers.values()) await producer.disconnect();
    // Not deleted: a deletion still under way on the broker makes the next topics' creation fail its leader wait.
    await admin.disconnect();
  }
}

/** Records at `rate` per second for `seconds`, sent as the orchestrator bench sends purchases (every 5 ms what is due). */
async function offer(
  feeder: Producer,
  topic: string,
  sentAt: Map<string, number>,
  rate: number,
  seconds: number,
): Promise<number> {
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    if (due > sent) {
      const keys = Array.from({ length: due - sent }, () => randomUUID());
      const now = performance.now();
      for (const key of keys) sentAt.set(key, now);
      await feeder.send({ topic, messages: keys.map((key) => ({ key, value: key })) });
      sent = due;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return sent;
}

async function producerOf(
  kafka: Kafka,
  producers: Map<number, Producer>,
  transactionalId: string,
): Promise<Producer> {
  const partition = Number(transactionalId.slice(transactionalId.lastIndexOf('-') + 1));
  let producer = producers.get(partition);
  if (producer === undefined) {
    producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: transactionalProducerRetry,
    });
    producers.set(partition, producer);
    await producer.connect();
  }
  return producer;
}

/** Created and led; on a loaded broker the leaders may take longer than kafkajs' own wait (which then throws). */
export async function createLedTopics(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  await admin.createTopics({ topics });
  const names = topics.map(({ topic }) => topic);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
      const led = found.every((topic) =>
        topic.partitions.every((partition) => partition.leader >= 0),
      );
      if (led && found.length === names.length) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const nextOffset = (offset: string) => (BigInt(offset) + 1n).toString();

export const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
}
