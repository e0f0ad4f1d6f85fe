import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { PurchaseEvent } from '@mp/contracts';
import { DATA_SOURCE } from '@mp/platform';

/** One indexed event row, as the history and replay read it. */
export interface IndexedEventRow {
  readonly event: PurchaseEvent;
  readonly storedVersion: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly recordedAt: string;
}

interface Row {
  type: string;
  data: unknown;
  metadata: unknown;
  schema_version: number;
  topic: string;
  partition: number;
  kafka_offset: string;
  recorded_at: Date;
}

/**
 * Reads a purchase's indexed history, oldest first. One index range scan on the primary key (transaction_id,
 * sequence); plain SQL because this is the hot path of history and replay (bench/support).
 */
@Injectable()
export class PurchaseHistoryReader {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async rows(transactionId: string, manager?: EntityManager): Promise<IndexedEventRow[]> {
    const rows: Row[] = await (manager ?? this.dataSource).query(
      `SELECT type, data, metadata, schema_version, topic, partition, kafka_offset, recorded_at
         FROM support_event WHERE transaction_id = $1 ORDER BY sequence`,
      [transactionId],
    );
    return rows.map((row) => ({
      // Stored only after the contract's parser (and upcaster) accepted it.
      event: { type: row.type, data: row.data, metadata: row.metadata } as PurchaseEvent,
      storedVersion: row.schema_version,
      topic: row.topic,
      partition: row.partition,
      offset: row.kafka_offset,
      recordedAt: row.recorded_at.toISOString(),
    }));
  }

  async events(transactionId: string, manager?: EntityManager): Promise<PurchaseEvent[]> {
    return (await this.rows(transactionId, manager)).map((row) => row.event);
  }
}
