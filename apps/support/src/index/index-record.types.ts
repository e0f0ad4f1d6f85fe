import type {
  ParkingRecord,
  PurchaseEffectRecord,
  PurchaseEvent,
  RejectedRecord,
} from '@mp/contracts';

/** Where a record sits in Kafka. Offsets are strings, as kafkajs gives them (they outgrow 2^53). */
export interface KafkaCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The record's Kafka timestamp (ms since the epoch, as a string). */
  readonly timestamp: string;
  readonly key: string | null;
}

/** The role of a topic the index reads. */
export type IndexedTopic = 'events' | 'effects' | 'rejected' | 'parking';

/** One Kafka record, decoded into what the index does with it. */
export type IndexRecord =
  | {
      readonly kind: 'event';
      readonly event: PurchaseEvent;
      /** The version it was written at, before upcasting. */
      readonly storedVersion: number;
      readonly at: KafkaCoordinates;
    }
  | {
      readonly kind: 'effect';
      readonly record: PurchaseEffectRecord;
      readonly at: KafkaCoordinates;
    }
  | { readonly kind: 'rejected'; readonly record: RejectedRecord; readonly at: KafkaCoordinates }
  | { readonly kind: 'parking'; readonly record: ParkingRecord; readonly at: KafkaCoordinates }
  /** Not for the index (an ownership barrier on the event log): only the checkpoint moves past it. */
  | { readonly kind: 'skipped'; readonly at: KafkaCoordinates }
  /** Not readable as what its topic carries: kept as a rejection so support sees it (G8). */
  | {
      readonly kind: 'unreadable';
      readonly code: string;
      readonly reason: string;
      readonly value: string;
      readonly transactionId: string | null;
      readonly at: KafkaCoordinates;
    };

/** A record the index writes (what is neither skipped nor unreadable). */
export type IndexedRecord = Exclude<IndexRecord, { kind: 'skipped' | 'unreadable' }>;
