import type { Consumer, Kafka, Producer } from 'kafkajs';
import { decodeHeaders, type ConsumedRecord } from '@mp/event-log';
import { uniqueName } from './test-environment';
import { waitFor } from './wait-for';

const SENTINEL_HEADER = 'test-sentinel';

/**
 * Everything committed on some topics, read from the beginning (read committed), as a test audit of the log. To
 * know it has read everything written so far, `catchUp` writes a sentinel to every partition and waits for them.
 */
export class TopicRecorder {
  readonly records: ConsumedRecord[] = [];
  private readonly sentinels = new Set<string>();
  private consumer: Consumer | undefined;
  private readonly producer: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: readonly string[],
  ) {
    this.producer = kafka.producer();
  }

  async start(): Promise<void> {
    await this.producer.connect();
    const consumer = this.kafka.consumer({ groupId: uniqueName('recorder'), maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
      eachMessage: async ({ topic, partition, message }) => {
        const headers = decodeHeaders(message.headers);
        if (headers[SENTINEL_HEADER] !== undefined) {
          this.sentinels.add(headers[SENTINEL_HEADER]);
          return;
        }
        this.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers,
          timestamp: message.timestamp,
        });
      },
    });
  }

  /** Only when nothing else writes these topics any more: sentinels are not purchase records. */
  async catchUp(partitions: number, timeoutMs = 30_000): Promise<void> {
    const expected: string[] = [];
    for (const topic of this.topics) {
      for (let partition = 0; partition < partitions; partition += 1) {
        const id = `${topic}/${partition}/${uniqueName('s')}`;
        expected.push(id);
        await this.producer.send({
          topic,
          messages: [
            { partition, key: 'sentinel', value: '{}', headers: { [SENTINEL_HEADER]: id } },
          ],
        });
      }
    }
    await waitFor(() => (expected.every((id) => this.sentinels.has(id)) ? true : undefined), {
      timeoutMs,
      what: 'the sentinels written to every partition',
    });
  }

  json<T>(topic: string): T[] {
    return this.records
      .filter((record) => record.topic === topic && record.value !== null)
      .map((record) => JSON.parse(record.value!.toString()) as T);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer.disconnect();
  }
}
