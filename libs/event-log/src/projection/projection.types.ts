import type { EntityManager } from 'typeorm';
import type { SizedRecord } from './record-screening';
import type { RejectionReason } from './rejection';

/** What a projection makes of one record that passed the runner's screening (size, timestamp, JSON). */
export type Decoded<T> =
  | { readonly kind: 'apply'; readonly value: T }
  /** Not for this projection (an ownership barrier): only the checkpoint moves past it. */
  | { readonly kind: 'skip' }
  /** Not readable as what its topic carries: kept as rejected with its reason (G8). */
  | ({ readonly kind: 'reject' } & RejectionReason);

export interface DecodedRecord<T> {
  readonly record: SizedRecord;
  readonly value: T;
}

/** One partition's records to apply, oldest first, none of them applied before. */
export interface ProjectionBatch<T> {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly DecodedRecord<T>[];
}

/**
 * A projection of Kafka topics into PostgreSQL (G6). The runner owns reading, checkpoints, hostile records and
 * failures; the projection only says what a record means and how a batch changes its tables.
 */
export interface Projection<T, R = void> {
  /** Names its checkpoint rows (`projection_checkpoint.projection`) and its rejections. */
  readonly name: string;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Topics keyed by transactionId: a rejected record's key names its purchase. */
  readonly keyedByTransactionId?: ReadonlySet<string>;
  /**
   * How many partitions' batches may be applied at once, each in its own transaction (1 if not said): more than
   * one keeps PostgreSQL busy while the next batch is decoded, which a rebuild needs (bench/projection-rebuild),
   * and is for projections whose batches of different partitions never write rows they read first without a lock.
   */
  readonly partitionsConsumedConcurrently?: number;
  /** Records to pass over unread (their headers say they are not for readers of the topic). */
  skip?(record: SizedRecord): boolean;
  /** Never throws; anything it cannot read is a `reject`. */
  decode(json: unknown, record: SizedRecord): Decoded<T>;
  /**
   * Applies a batch inside the runner's transaction, which also moves the partition's checkpoint. A batch may hold
   * many records, so a projection can write them with multi-row statements.
   */
  apply(manager: EntityManager, batch: ProjectionBatch<T>): Promise<R>;
  /** After the transaction committed (in this process; other processes learn through NOTIFY). */
  afterCommit?(result: R): void;
}
