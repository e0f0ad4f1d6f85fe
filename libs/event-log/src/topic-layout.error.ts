/**
 * Topics that must be co-partitioned have different partition counts, so a purchase's records would sit at
 * different partition numbers and no single owner would see them all (G1). Starting would be unsafe; retrying
 * cannot help, since a partition count never changes once a topic holds data.
 */
export class TopicLayoutError extends Error {
  readonly code = 'KAFKA_TOPIC_LAYOUT';

  constructor(readonly partitionsByTopic: Readonly<Record<string, number>>) {
    super(
      'Topics keyed by transactionId must have the same partition count; found ' +
        Object.entries(partitionsByTopic)
          .map(([topic, partitions]) => `${topic}: ${partitions}`)
          .join(', '),
    );
    this.name = 'TopicLayoutError';
  }
}
