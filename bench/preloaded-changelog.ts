// The orchestrator's changelog as compaction leaves it after months (ADR 0032), for bench/orchestrator-scale: one
// snapshot per live purchase and each partition's `complete` record; the purchases that ended were evicted long
// ago, so nothing of them is left there (their tombstones are gone after delete.retention.ms). Snapshots are the
// orchestrator's own: each live purchase's events (the preloaded log's) folded by its PurchaseStore and written by
// its changelog records, to the partition its transactionId is placed in.
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import { parsePurchaseEvent } from '@mp/contracts';
import type { KafkaNames, OutgoingMessage } from '@mp/event-log';
import { completeMessage, snapshotMessage } from '../apps/orchestrator/src/state/changelog-records';
import { PurchaseStore } from '../apps/orchestrator/src/state/purchase-store';
import type { PreloadedHistoryLog, PreloadedPurchase } from '../test/support/preloaded-log';

export async function preloadChangelog(
  kafka: Kafka,
  names: KafkaNames,
  partitions: number,
  log: PreloadedHistoryLog,
  live: Iterable<PreloadedPurchase>,
): Promise<number> {
  const place = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  const topic = names.topics.purchaseSnapshots;
  const records: OutgoingMessage[] = [];
  for (const purchase of live) {
    const partition = place({
      topic,
      partitionMetadata,
      message: { key: purchase.transactionId, value: null },
    });
    const store = new PurchaseStore();
    for (const message of log.messages(purchase)) {
      if (message.topic !== names.topics.purchaseEvents || message.value === null) continue;
      const parsed = parsePurchaseEvent(JSON.parse(message.value));
      if (!parsed.ok) throw new Error(`a preloaded event does not parse: ${parsed.reason}`);
      store.applyEvent(partition, parsed.event);
    }
    records.push(snapshotMessage(topic, partition, store.snapshot(purchase.transactionId)!));
  }
  for (let partition = 0; partition < partitions; partition += 1) {
    records.push(completeMessage(topic, partition));
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let start = 0; start < records.length; start += 500) {
      const messages: Message[] = records
        .slice(start, start + 500)
        .map(({ topic: _topic, ...message }) => message);
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return records.length;
}
