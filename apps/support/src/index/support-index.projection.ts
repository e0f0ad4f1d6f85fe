import type { KafkaNames, Projection, SizedRecord } from '@mp/event-log';
import type { IndexedRecord, IndexedTopic, KafkaCoordinates } from './index-record.types';
import { type IndexWriter, type KeptSummaries, SUPPORT_PROJECTION } from './index-writer.service';
import { decodeIndexed, skippedByIndex } from './record.decoder';

/**
 * The event index as a projection of the purchase event log, the effect records, rejected records and parking
 * records, for the checkpointed projection runner; `writer` applies its batches. What it cannot read it keeps in
 * the index itself, as a rejected record (the runner's `rejections` go to `writer.reject`).
 */
export function supportIndexProjection(
  names: KafkaNames,
  writer: IndexWriter,
): Projection<IndexedRecord, KeptSummaries> {
  const roles = new Map<string, IndexedTopic>([
    [names.topics.purchaseEvents, 'events'],
    [names.topics.purchaseEffects, 'effects'],
    [names.topics.rejectedRecords, 'rejected'],
    [names.topics.purchaseParking, 'parking'],
  ]);
  return {
    name: SUPPORT_PROJECTION,
    groupId: names.groups.supportIndexer,
    topics: [...roles.keys()],
    keyedByTransactionId: new Set([
      names.topics.purchaseEvents,
      names.topics.purchaseEffects,
      names.topics.purchaseParking,
    ]),
    // Batches of different partitions add rows of their own (ON CONFLICT DO NOTHING); the summary of a purchase is
    // written from its events, all on one partition, and a parking record changes it in the database itself.
    partitionsConsumedConcurrently: 4,
    skip: (record) => skippedByIndex(record.headers),
    decode: (json, record) =>
      decodeIndexed(roles.get(record.topic) ?? 'events', json, coordinatesOf(record)),
    apply: (manager, batch) => writer.apply(manager, batch),
    // Only what committed is kept: a batch rolled back leaves the folds of the last one that did not.
    afterCommit: (kept) => writer.keep(kept),
  };
}

function coordinatesOf(record: SizedRecord): KafkaCoordinates {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: record.key,
  };
}
