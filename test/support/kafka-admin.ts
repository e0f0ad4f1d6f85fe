import { Kafka, logLevel, type Admin } from 'kafkajs';

/** A connected admin client on the broker `env` names, quiet; the caller disconnects it. */
export async function connectedAdmin(env: Readonly<Record<string, string>>): Promise<Admin> {
  const admin = new Kafka({
    brokers: (env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  return admin;
}

const UNKNOWN_TOPIC = 'UNKNOWN_TOPIC_OR_PARTITION';
const isUnknownTopic = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { type?: unknown }).type === UNKNOWN_TOPIC;

/**
 * `admin.createTopics` with `waitForLeaders`, settled: right after creating a topic a Kafka 4 broker may answer
 * its metadata with UNKNOWN_TOPIC_OR_PARTITION for a moment ("does not host this topic-partition"), which kafkajs'
 * wait does not retry. Waits until every partition of every topic has a leader (30 s at most).
 */
export async function createTopicsSettled(
  admin: Admin,
  options: Omit<Parameters<Admin['createTopics']>[0], 'waitForLeaders'>,
): Promise<void> {
  try {
    await admin.createTopics({ ...options, waitForLeaders: true });
  } catch (error) {
    if (!isUnknownTopic(error)) throw error;
  }
  const topics = options.topics.map((entry) => entry.topic);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const led = metadata.topics.every(
        (topic) =>
          topic.partitions.length > 0 &&
          topic.partitions.every((partition) => partition.leader >= 0),
      );
      if (led) return;
    } catch (error) {
      if (!isUnknownTopic(error) || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics without leaders after 30 s: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
