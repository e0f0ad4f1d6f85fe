import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { parkingRecordSchema, parsePurchaseEvent } from '@mp/contracts';
import {
  decodeHeaders,
  Headers,
  RecordKinds,
  type KafkaNames,
  type ConsumedRecord,
} from '@mp/event-log';
import { BarrierTracker, barrierTopics } from './partition-barrier';
import type { PurchaseStore } from './purchase-store';

/**
 * Reads the purchase event log and the parking topic from the beginning, read-committed, into the store: every
 * process keeps every purchase warm, so taking over a partition needs no replay (ADR 0007). Its consumer group is
 * its own and never commits offsets.
 */
export class LogTail {
  private consumer: Consumer | undefined;
  private readonly barriers: BarrierTracker;

  constructor(
    private readonly kafka: Kafka,
    private readonly names: KafkaNames,
    private readonly store: PurchaseStore,
    private readonly logger: Logger,
  ) {
    this.barriers = new BarrierTracker(barrierTopics(names.topics).length);
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `${this.names.groups.orchestrator}.state.${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: barrierTopics(this.names.topics), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }

  awaitBarrier(claimId: string): Promise<void> {
    return this.barriers.wait(claimId);
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      this.apply({
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        value: message.value,
        headers: decodeHeaders(message.headers),
        timestamp: message.timestamp,
      });
    }
  }

  private apply(record: ConsumedRecord): void {
    const kind = record.headers[Headers.recordKind];
    if (kind === RecordKinds.partitionClaimed) {
      const claimId = readClaimId(record.value);
      if (claimId !== null) this.barriers.seenOn(claimId, record.topic);
      return;
    }
    const json = parseJson(record.value);
    if (record.topic === this.names.topics.purchaseParking) {
      const parsed = parkingRecordSchema.safeParse(json);
      if (parsed.success) this.store.applyParking(record.partition, parsed.data);
      else this.unreadable(record, 'an unreadable parking record');
      return;
    }
    const parsed = parsePurchaseEvent(json);
    if (parsed.ok) this.store.applyEvent(record.partition, parsed.event);
    else this.unreadable(record, `an event this version cannot read (${parsed.reason})`);
  }

  private unreadable(record: ConsumedRecord, what: string): void {
    const transactionId = record.headers[Headers.transactionId] ?? record.key;
    const where = `${record.topic}/${record.partition}@${record.offset}`;
    this.logger.error({ transactionId, where }, `log tail: ${what}`);
    if (transactionId) {
      this.store.markUnreadable(record.partition, transactionId, `${what} at ${where}`);
    }
  }
}

function parseJson(value: Buffer | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function readClaimId(value: Buffer | null): string | null {
  const json = parseJson(value) as { claimId?: unknown } | null;
  return typeof json?.claimId === 'string' ? json.claimId : null;
}
