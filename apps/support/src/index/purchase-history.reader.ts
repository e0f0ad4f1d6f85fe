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

  /** The indexed events of each of the purchases, oldest first, in one statement (the indexer's summaries). */
  async eventsOf(
    transactionIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, PurchaseEvent[]>> {
    const rows: (Pick<Row, 'type' | 'data' | 'metadata'> & { transaction_id: string })[] = await (
      manager ?? this.dataSource
    ).query(
      `SELECT transaction_id, type, data, metadata FROM support_event
          WHERE transaction_id = ANY($1::text[]) ORDER BY transaction_id, sequence`,
      [transactionIds],
    );
    const events = new Map<string, PurchaseEvent[]>();
    for (const row of rows) {
      const history = events.get(row.transaction_id) ?? [];
      // Stored only after the contract's parser (and upcaster) accepted it.
      history.push({ type: row.type, data: row.data, metadata: row.metadata } as PurchaseEvent);
      events.set(row.transaction_id, history);
    }
    return events;
  }

  /**
   * The indexed purchases after `after` (transactionId order), at most `limit`, each with its events and effect
   * records as JSON text built by PostgreSQL: the fleet replay reads the whole index this way, and the server
   * never parses what it only passes on.
   */
  async page(after: string, limit: number): Promise<HistoryPageRow[]> {
    return this.dataSource.query(HISTORY_PAGE, [after, limit]);
  }
}

/** One purchase of a history page; events or effects null when the index holds none. */
export interface HistoryPageRow {
  readonly transaction_id: string;
  readonly events: string | null;
  readonly effects: string | null;
}

// The shapes of LocatedEvent and RecordedEffect (replay.types.ts), offsets as text like the history's.
export const HISTORY_PAGE = `
  SELECT p.transaction_id,
    (SELECT json_agg(json_build_object(
              'event', json_build_object('type', e.type, 'data', e.data, 'metadata', e.metadata),
              'kafka', json_build_object('topic', e.topic, 'partition', e.partition,
                                         'offset', e.kafka_offset::text))
            ORDER BY e.sequence)
       FROM support_event e WHERE e.transaction_id = p.transaction_id)::text AS events,
    (SELECT json_agg(json_build_object(
              'effectId', f.effect_id, 'causationId', f.causation_id, 'effect', f.effect,
              'kafka', json_build_object('topic', f.topic, 'partition', f.partition,
                                         'offset', f.kafka_offset::text))
            ORDER BY f.kafka_offset)
       FROM support_effect f WHERE f.transaction_id = p.transaction_id)::text AS effects
  FROM (SELECT transaction_id FROM support_purchase WHERE transaction_id > $1
        ORDER BY transaction_id LIMIT $2) p
  ORDER BY p.transaction_id`;
