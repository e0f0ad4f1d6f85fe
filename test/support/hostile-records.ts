import {
  ConfigResourceTypes,
  ConfigSource,
  type Admin,
  type Kafka,
  type Message,
  type Producer,
} from 'kafkajs';
import { waitFor } from './wait-for';

/** Year 100000: a Date can hold it, no RFC 3339 timestamp names it. */
export const FAR_FUTURE_TIMESTAMP = String(Date.UTC(100_000, 0, 1));
/** Past the Date range (±8.64e15 ms) and still an int64 for Kafka. */
export const BEYOND_DATE_TIMESTAMP = '9000000000000000';
/** Above the consumers' 256 KiB limit and below the broker's 1 MB one. */
export const OVERSIZED_BYTES = 300 * 1024;

export interface HostileRecord {
  readonly name: string;
  readonly message: Message;
  /** The rejection code every consumer gives it; `null`: the consumer's own code for a record of the wrong shape. */
  readonly code: string | null;
}

/**
 * The records issue 12 asks every consumer to survive, for one partition: not JSON, the wrong shape, oversized, and
 * two absurd timestamps on an otherwise valid record (`valid`, which must not be the record the test expects applied
 * next).
 */
export function hostileRecords(
  partition: number,
  key: string,
  valid: string,
  headers: Record<string, string> = {},
): HostileRecord[] {
  const message = (value: string, extra: Partial<Message> = {}): Message => ({
    partition,
    key,
    value,
    headers,
    ...extra,
  });
  return [
    { name: 'not JSON', message: message('{"half": a record'), code: 'NOT_JSON' },
    { name: 'the wrong shape', message: message(JSON.stringify({ hello: 'world' })), code: null },
    {
      name: 'oversized',
      message: message(JSON.stringify({ padding: 'x'.repeat(OVERSIZED_BYTES) })),
      code: 'RECORD_TOO_LARGE',
    },
    {
      name: 'a far-future timestamp',
      message: message(valid, { timestamp: FAR_FUTURE_TIMESTAMP }),
      code: 'INVALID_TIMESTAMP',
    },
    {
      name: 'a timestamp beyond the Date range',
      message: message(valid, { timestamp: BEYOND_DATE_TIMESTAMP }),
      code: 'INVALID_TIMESTAMP',
    },
  ];
}

/** The broker setting that bounds how far ahead a record's timestamp may be (KIP-937). */
const TIMESTAMP_AFTER_MAX = 'message.timestamp.after.max.ms';
/** Kafka 3.9's default for it: any timestamp. */
const ANY_TIMESTAMP = '9223372036854775807';

/**
 * Kafka 4 refuses a record more than an hour ahead (`message.timestamp.after.max.ms`), which 3.9 and a cluster
 * configured that way accept: the consumers' screening is for those. The topic gets 3.9's limit, beside the
 * overrides it has (AlterConfigs replaces them all), so that the absurd timestamps reach the consumers on either.
 */
export async function acceptAnyTimestamp(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const overrides = (await topicOverrides(admin, topic))
      .filter((entry) => entry.configName !== TIMESTAMP_AFTER_MAX)
      .map((entry) => ({ name: entry.configName, value: entry.configValue }));
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [...overrides, { name: TIMESTAMP_AFTER_MAX, value: ANY_TIMESTAMP }],
        },
      ],
    });
    // The controller accepts the change before the broker applies it: a record sent meanwhile is still refused
    // ("out of acceptable range"). The broker reports the new limit a moment before its log applies it, so
    // senders also go through `sendHostile`.
    await waitFor(
      async () => {
        const entries = await topicOverrides(admin, topic);
        const limit = entries.find((entry) => entry.configName === TIMESTAMP_AFTER_MAX);
        return limit?.configValue === ANY_TIMESTAMP ? true : undefined;
      },
      { what: `${TIMESTAMP_AFTER_MAX} in force on ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
}

async function topicOverrides(admin: Admin, topic: string) {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
  });
  return (described.resources[0]?.configEntries ?? []).filter(
    (entry) => entry.configSource === ConfigSource.TOPIC_CONFIG,
  );
}

/**
 * Sends hostile records to a topic `acceptAnyTimestamp` opened: a record refused as out of the timestamp range is
 * sent again until the broker's log has applied the new limit (a few milliseconds after it reports it), at most
 * 30 s.
 */
export async function sendHostile(
  producer: Producer,
  topic: string,
  messages: Message[],
): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      await producer.send({ topic, acks: -1, messages });
      return;
    } catch (error) {
      const refused = (error as { type?: unknown }).type === 'INVALID_TIMESTAMP';
      if (!refused || Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
