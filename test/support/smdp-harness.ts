import {
  Kafka,
  logLevel,
  type Consumer,
  type IHeaders,
  type Message,
  type Producer,
} from 'kafkajs';
import { kafkaNames, type KafkaNames } from '@mp/event-log';
import { edgeFetch } from './edge-client';
import { testEnvironment } from './test-environment';
import { waitFor } from './wait-for';
import { acceptAnyTimestamp, sendHostile } from './hostile-records';

export interface SeenRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: unknown;
  readonly headers: IHeaders | undefined;
}

/** A test's own view of the namespace's topics: it publishes effects and collects what the apps publish. */
export class TopicProbe {
  readonly names: KafkaNames;
  readonly seen: SeenRecord[] = [];
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;

  constructor(namespace: string) {
    this.names = kafkaNames(namespace);
    this.kafka = new Kafka({
      clientId: 'smdp-tests',
      brokers: testEnvironment().KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    });
  }

  async start(topics: readonly string[]): Promise<void> {
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `${this.names.groups.orchestrator}.probe` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ topic, message }) => {
        const text = message.value?.toString('utf8') ?? '';
        let value: unknown = text;
        try {
          value = JSON.parse(text);
        } catch {
          // kept as text
        }
        this.seen.push({
          topic,
          key: message.key?.toString() ?? null,
          value,
          headers: message.headers,
        });
        return Promise.resolve();
      },
    });
  }

  async publish(topic: string, key: string, value: unknown, headers: Record<string, string> = {}) {
    await this.producer!.send({
      topic,
      messages: [
        { key, value: typeof value === 'string' ? value : JSON.stringify(value), headers },
      ],
    });
  }

  /** Lets `topic` take any record timestamp, as Kafka 3.9 did (test/support/hostile-records.ts says why). */
  async acceptAnyTimestamp(topic: string): Promise<void> {
    await acceptAnyTimestamp(this.kafka, topic);
  }

  /** Publishes messages as given (explicit partitions, timestamps, hostile ones too). */
  async publishMessages(topic: string, messages: Message[]) {
    await sendHostile(this.producer!, topic, messages);
  }

  /** Waits for a record on `topic` that `match` accepts, and returns its value. */
  async waitForRecord<T = Record<string, unknown>>(
    topic: string,
    match: (value: T, record: SeenRecord) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<{ value: T; record: SeenRecord }> {
    return waitFor(
      () => {
        const record = this.seen.find((r) => r.topic === topic && match(r.value as T, r));
        return record ? { value: record.value as T, record } : undefined;
      },
      { timeoutMs, what },
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

/** GETs JSON from one of our edges with its development credential (edge-client.ts); non-2xx throws. */
export async function getJson<T = Record<string, unknown>>(url: string): Promise<T> {
  const response = await edgeFetch(url);
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return (await response.json()) as T;
}

export async function sendJson(
  method: string,
  url: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await edgeFetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** A valid EID (ISO 7064 MOD 97-10 check digits) for test number `serial`. */
export function testEid(serial: number): string {
  const body = `8904903200${String(serial).padStart(20, '0')}`;
  const check = 98n - ((BigInt(body) * 100n) % 97n);
  return body + check.toString().padStart(2, '0');
}
