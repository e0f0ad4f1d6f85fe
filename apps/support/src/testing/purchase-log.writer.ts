import {
  type ParkingRecord,
  type PurchaseEffectRecord,
  type PurchaseEvent,
  type RejectedRecord,
} from '@mp/contracts';
import { Headers, type KafkaNames, RecordKinds, transactionalProducerRetry } from '@mp/event-log';
import type { Kafka, Producer } from 'kafkajs';
import type { Decided } from './decided-purchase';

export interface Written {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface WrittenDecision {
  readonly events: readonly { readonly event: PurchaseEvent; readonly at: Written }[];
  readonly effects: readonly { readonly record: PurchaseEffectRecord; readonly at: Written }[];
}

/**
 * Writes decisions to a namespace's topics the way ADR 0007 describes the orchestrator doing it: a decision's
 * events (header mp-record-kind=event) and effect records in one Kafka transaction, keyed by transactionId.
 * One send per record, so each record's offset is known exactly. For tests and benches only.
 */
export class PurchaseLogWriter {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly names: KafkaNames,
    transactionalId: string,
  ) {
    this.producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: transactionalProducerRetry,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async write(decided: Decided): Promise<WrittenDecision> {
    const transaction = await this.producer.transaction();
    try {
      const events: WrittenDecision['events'][number][] = [];
      const effects: WrittenDecision['effects'][number][] = [];
      for (const event of decided.events) {
        const at = await this.sendOne(
          transaction,
          this.names.topics.purchaseEvents,
          event.metadata.transactionId,
          event,
          {
            [Headers.recordKind]: RecordKinds.event,
            [Headers.eventType]: event.type,
            [Headers.transactionId]: event.metadata.transactionId,
          },
        );
        events.push({ event, at });
      }
      for (const [index, effect] of decided.effects.entries()) {
        const record = effectRecord(decided, effect, index);
        const at = await this.sendOne(
          transaction,
          this.names.topics.purchaseEffects,
          record.transactionId,
          record,
          { [Headers.effectType]: effect.type },
        );
        effects.push({ record, at });
      }
      await transaction.commit();
      return { events, effects };
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  /** A partition-claimed barrier, as a new owner of a partition writes it: readers of the log skip it. */
  async barrier(key: string): Promise<Written> {
    return this.writeOne(
      this.names.topics.purchaseEvents,
      key,
      { claimedBy: 'test' },
      {
        [Headers.recordKind]: RecordKinds.partitionClaimed,
      },
    );
  }

  parking(record: ParkingRecord): Promise<Written> {
    return this.writeOne(this.names.topics.purchaseParking, record.transactionId, record, {});
  }

  rejected(record: RejectedRecord): Promise<Written> {
    return this.writeOne(
      this.names.topics.rejectedRecords,
      record.source.key ?? 'none',
      record,
      {},
    );
  }

  /** Any value, as text: for records that are not what their topic carries. */
  raw(
    topic: string,
    key: string,
    value: string,
    headers: Record<string, string>,
  ): Promise<Written> {
    return this.writeOne(topic, key, value, headers);
  }

  private async writeOne(
    topic: string,
    key: string,
    value: unknown,
    headers: Record<string, string>,
  ): Promise<Written> {
    const transaction = await this.producer.transaction();
    try {
      const at = await this.sendOne(transaction, topic, key, value, headers);
      await transaction.commit();
      return at;
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  private async sendOne(
    transaction: Pick<Producer, 'send'>,
    topic: string,
    key: string,
    value: unknown,
    headers: Record<string, string>,
  ): Promise<Written> {
    const [result] = await transaction.send({
      topic,
      messages: [
        { key, value: typeof value === 'string' ? value : JSON.stringify(value), headers },
      ],
    });
    if (result === undefined) throw new Error(`no produce result for ${topic}`);
    return { topic, partition: result.partition, offset: result.baseOffset ?? '-1' };
  }
}

/** The effect record of a decision's n-th effect: caused by the input, as the orchestrator records it. */
export function effectRecord(
  decided: Decided,
  effect: Decided['effects'][number],
  index: number,
): PurchaseEffectRecord {
  return {
    effectId: `${decided.input.id}/effect/${index}`,
    transactionId: decided.input.transactionId,
    causationId: decided.input.id,
    issuedAt: decided.input.at,
    effect,
  };
}
