import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { DEFAULT_PARTITIONS } from '@mp/event-log';

const partitioner = Partitioners.DefaultPartitioner();

/** The partition a key lands on, as the apps' producers place it (murmur2, like the Java client). */
export function partitionOf(key: string, partitions = DEFAULT_PARTITIONS): number {
  return partitioner({
    topic: 'any',
    partitionMetadata: Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    })),
    message: { key, value: null },
  });
}

/** A fresh transactionId whose records land on `partition`. */
export function transactionIdOn(partition: number, prefix: string): string {
  for (;;) {
    const id = `${prefix}-${randomUUID().slice(0, 13)}`;
    if (partitionOf(id) === partition) return id;
  }
}
