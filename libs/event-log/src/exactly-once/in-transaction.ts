import type { Producer, Transaction } from 'kafkajs';
import type { OutgoingMessage } from './exactly-once.types';
import type { CommittedOffset } from './pending-inputs';

/**
 * One Kafka transaction of `producer`: the messages (grouped by topic, in order), the consumer group's offsets,
 * commit. Aborted (and the error rethrown) if any step fails.
 */
export async function inTransaction(
  producer: Producer,
  consumerGroupId: string,
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
        consumerGroupId,
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
