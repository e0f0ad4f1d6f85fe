import type { Consumer, Kafka } from 'kafkajs';
import { decodeHeaders, type ConsumedRecord } from '@mp/event-log';
import { uniqueName } from './test-environment';
import { waitFor } from './wait-for';

/** A recorded record, with the producer that wrote it (the same transactional id keeps its id; a new claim bumps the epoch). */
export interface RecordedRecord extends ConsumedRecord {
  readonly producerId: string;
  readonly producerEpoch: number;
}

/**
 * Everything committed on some topics, read from the beginning (read committed), as a test audit of the log. To
 * know it has read everything written so far, `catchUp` waits until its position reaches each partition's end. It
 * writes nothing: a marker put on the apps' own topics would be read by them as a record they cannot use.
 * `readUncommitted` records what was written whatever became of its transaction (aborted or still open) instead.
 */
export class TopicRecorder {
  readonly records: RecordedRecord[] = [];
  /** The next offset to read on each partition, past transaction markers too (kafkajs reports those batches). */
  private readonly positions = new Map<string, bigint>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: readonly string[],
    private readonly options: { readUncommitted?: boolean } = {},
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: uniqueName('recorder'),
      maxWaitTimeInMs: 100,
      readUncommitted: this.options.readUncommitted ?? false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.positions.set(`${payload.topic}:${payload.partition}`, BigInt(payload.lastOffset) + 1n);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
      eachMessage: async ({ topic, partition, message }) => {
        // kafkajs keeps the record batch's header on each record, though its types do not say so.
        const { producerId, producerEpoch } = (message as unknown as { batchContext: BatchContext })
          .batchContext;
        this.records.push({
          producerId,
          producerEpoch,
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: decodeHeaders(message.headers),
          timestamp: message.timestamp,
        });
      },
    });
  }

  /** Only when nothing else writes these topics any more: an open transaction keeps its partition's end ahead. */
  async catchUp({ timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<void> {
    const ends = new Map<string, bigint>();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.topics) {
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          if (high !== low) ends.set(`${topic}:${partition}`, BigInt(high));
        }
      }
    } finally {
      await admin.disconnect();
    }
    await waitFor(
      () =>
        [...ends].every(([name, end]) => (this.positions.get(name) ?? 0n) >= end)
          ? true
          : undefined,
      { timeoutMs, what: 'the recorder to read every partition to its end' },
    );
  }

  json<T>(topic: string): T[] {
    return this.records
      .filter((record) => record.topic === topic && record.value !== null)
      .map((record) => JSON.parse(record.value!.toString()) as T);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

interface BatchContext {
  readonly producerId: string;
  readonly producerEpoch: number;
}
