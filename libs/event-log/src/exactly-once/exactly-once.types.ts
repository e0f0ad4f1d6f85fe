/** A record read from Kafka, decoded just enough for a handler: the value stays bytes until the handler parses it. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** The record's timestamp (ms since epoch, as Kafka gives it). */
  readonly timestamp: string;
}

export interface OutgoingMessage {
  readonly topic: string;
  /** Set only where the key does not place the record (a partition's barrier). */
  readonly partition?: number;
  readonly key: string;
  /** Null is a tombstone: a compacted topic forgets the key. */
  readonly value: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler wants committed in one transaction, and what to do once it is. */
export interface TransactionPlan {
  readonly messages: readonly OutgoingMessage[];
  /** Applies the committed outcome to in-memory state. Runs only after the commit succeeded. */
  readonly afterCommit: () => void;
}

/**
 * The application side of exactly-once processing of co-partitioned topics. The processor owns fencing, offsets
 * and transactions; the handler decides.
 */
export interface PartitionHandler {
  /**
   * Records to commit right after fencing the previous owner of `partition` (a barrier the handler can await);
   * `memberId` is the group member claiming it, which the records may name (who owned the partition from there on).
   */
  claimMessages(partition: number, claimId: string, memberId: string): readonly OutgoingMessage[];
  /**
   * Resolves when the handler's state holds everything committed to `partition` before the claim, with the records
   * to commit (in transactions of the partition, before it is served) for a state it had to rebuild.
   */
  awaitClaimed(partition: number, claimId: string): Promise<Iterable<OutgoingMessage> | void>;
  /** Decides for a batch of records of one topic-partition. Throwing makes the processor retry the batch. */
  process(partition: number, records: readonly ConsumedRecord[]): Promise<TransactionPlan>;
  /**
   * The broker refused the records decided for `record` even on their own (too large for it or the topic): what to
   * commit instead, e.g. the parking of its purchase (G7). Its records must be small whatever the input was.
   */
  refused?(partition: number, record: ConsumedRecord, reason: string): TransactionPlan;
  /** The partition has gone to another process (or this one is stopping). */
  released(partition: number): void;
}
