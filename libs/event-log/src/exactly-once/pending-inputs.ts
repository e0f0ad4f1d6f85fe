import type { KafkaMessage } from 'kafkajs';

/** Input records of one topic-partition waiting for their partition's lane, and how to tell their batch the end. */
export interface PendingChunk {
  readonly topic: string;
  readonly messages: readonly KafkaMessage[];
  /** False once the batch was superseded (rebalance, stop, re-claim): its records will be fetched again. */
  readonly stillWanted: () => boolean;
  readonly settle: (committed: boolean) => void;
  readonly fail: (error: unknown) => void;
}

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read, as Kafka stores it. */
  readonly offset: string;
}

/**
 * What waits for one partition's lane. Every topic of a partition feeds the same lane, so while a transaction is in
 * flight, chunks of both input topics queue up; the next transaction takes all of them. Back-to-back transactions
 * of one producer are the expensive kind (the coordinator refuses the next until the last one's markers are
 * written), so fewer of them is less waiting.
 */
export class PendingInputs {
  private readonly chunks: PendingChunk[] = [];

  add(chunk: PendingChunk): void {
    this.chunks.push(chunk);
  }

  /** The oldest chunks holding at most `maxRecords` records together (always at least one chunk). */
  take(maxRecords: number): PendingChunk[] {
    let records = 0;
    let count = 0;
    for (const chunk of this.chunks) {
      if (count > 0 && records + chunk.messages.length > maxRecords) break;
      records += chunk.messages.length;
      count += 1;
    }
    return this.chunks.splice(0, count);
  }
}

/** The offsets to commit with `chunks` of `partition`: one per topic, past its last record. */
export function offsetsAfter(
  partition: number,
  chunks: readonly Pick<PendingChunk, 'topic' | 'messages'>[],
): CommittedOffset[] {
  const next = new Map<string, bigint>();
  for (const { topic, messages } of chunks) {
    const last = messages.at(-1);
    if (last === undefined) continue;
    const after = BigInt(last.offset) + 1n;
    if (after > (next.get(topic) ?? -1n)) next.set(topic, after);
  }
  return [...next].map(([topic, offset]) => ({ topic, partition, offset: offset.toString() }));
}

/** A batch cut into transactions of at most `size` records. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
