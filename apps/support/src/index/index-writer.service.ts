import { ProjectionCheckpoints } from '@mp/database';
import type { ProjectionBatch } from '@mp/event-log';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { ParkingRecord, RejectedRecord } from '@mp/contracts';
import { DATA_SOURCE } from '@mp/platform';
import type { IndexRecord, KafkaCoordinates } from './index-record.types';
import { PurchaseHistoryReader } from './purchase-history.reader';
import { summarize } from './purchase-summary';

/** The checkpoint rows of this projection in projection_checkpoint. */
export const SUPPORT_PROJECTION = 'support-index';
const checkpoints = new ProjectionCheckpoints(SUPPORT_PROJECTION);

/** Tables rebuilt from the log. support_redrive is an audit of requests, not a projection: it stays. */
const projectionTables = [
  'support_event',
  'support_effect',
  'support_purchase',
  'support_purchase_sim',
  'support_rejected_record',
  'support_parking_record',
  'support_transaction_alias',
];

type Of<K extends IndexRecord['kind']> = Extract<IndexRecord, { kind: K }>;

type Indexed = Exclude<IndexRecord, { kind: 'skipped' | 'unreadable' }>;

/**
 * Writes the index. The checkpointed projection runner calls `apply` with the records of one partition, in the
 * transaction that also moves that partition's checkpoint (G6), and `reject` with what it could not read.
 */
@Injectable()
export class IndexWriter {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly histories: PurchaseHistoryReader,
  ) {}

  async apply(manager: EntityManager, batch: ProjectionBatch<Indexed>): Promise<void> {
    const records = batch.records.map((item) => item.value);
    const touched = new Set<string>();
    await insertEvents(manager, records.filter(is('event')), touched);
    await insertAliases(manager, records.filter(is('event')));
    await insertEffects(manager, records.filter(is('effect')));
    for (const record of records) {
      if (record.kind === 'rejected') await insertRejection(manager, record.record, record.at);
      if (record.kind === 'parking') await applyParking(manager, record.record, record.at);
    }
    for (const transactionId of touched) await this.refreshSummary(manager, transactionId);
  }

  /** Records the index itself could not read: it is where support looks, so they go straight in (idempotent). */
  async reject(manager: EntityManager, rejections: readonly RejectedRecord[]): Promise<void> {
    for (const record of rejections) await insertRejection(manager, record, record.source);
  }

  /** Empties the projection and its checkpoints in one transaction: the next run reads the log from the start. */
  async clear(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`TRUNCATE ${projectionTables.join(', ')}`);
      await checkpoints.clear(manager);
    });
  }

  private async refreshSummary(manager: EntityManager, transactionId: string): Promise<void> {
    const events = await this.histories.events(transactionId, manager);
    const summary = summarize(transactionId, events);
    await manager.query(
      `INSERT INTO support_purchase AS p (transaction_id, flow, state, status, event_count, started_at, updated_at,
                                          timer_id, timer_due_at, indexed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (transaction_id) DO UPDATE SET
         flow = EXCLUDED.flow, state = EXCLUDED.state, status = EXCLUDED.status,
         event_count = EXCLUDED.event_count, started_at = EXCLUDED.started_at,
         updated_at = EXCLUDED.updated_at, timer_id = EXCLUDED.timer_id,
         timer_due_at = EXCLUDED.timer_due_at, indexed_at = now()`,
      [
        transactionId,
        summary.flow,
        summary.state,
        summary.status,
        summary.eventCount,
        summary.startedAt,
        summary.updatedAt,
        summary.timer?.timerId ?? null,
        summary.timer?.dueAt ?? null,
      ],
    );
    if (summary.iccids.length > 0) {
      await manager.query(
        `INSERT INTO support_purchase_sim (iccid, transaction_id)
         SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
        [summary.iccids, transactionId],
      );
    }
  }
}

const is =
  <K extends Indexed['kind']>(kind: K) =>
  (record: Indexed): record is Of<K> =>
    record.kind === kind;

async function insertEvents(
  manager: EntityManager,
  records: readonly Of<'event'>[],
  touched: Set<string>,
): Promise<void> {
  if (records.length === 0) return;
  for (const record of records) touched.add(record.event.metadata.transactionId);
  const column = <T>(pick: (record: Of<'event'>) => T) => records.map(pick);
  await manager.query(
    `INSERT INTO support_event (transaction_id, sequence, event_id, type, schema_version, occurred_at,
                                causation_id, data, metadata, topic, partition, kafka_offset, recorded_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::timestamptz[],
                          $7::text[], $8::jsonb[], $9::jsonb[], $10::text[], $11::int[], $12::bigint[],
                          $13::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      column((r) => r.event.metadata.transactionId),
      column((r) => r.event.metadata.sequence),
      column((r) => r.event.metadata.eventId),
      column((r) => r.event.type),
      column((r) => r.storedVersion),
      column((r) => r.event.metadata.occurredAt),
      column((r) => r.event.metadata.causationId),
      column((r) => JSON.stringify(r.event.data)),
      column((r) => JSON.stringify(r.event.metadata)),
      column((r) => r.at.topic),
      column((r) => r.at.partition),
      column((r) => r.at.offset),
      column((r) => kafkaTime(r.at)),
    ],
  );
}

/** ADR 0027: a new launch's transactionId an LPA error came under points to the purchase that took it up. */
async function insertAliases(
  manager: EntityManager,
  records: readonly Of<'event'>[],
): Promise<void> {
  for (const { event } of records) {
    if (event.type !== 'LpaErrorReported') continue;
    const launch = event.data.launchTransactionId;
    const original = event.metadata.transactionId;
    if (launch === undefined || launch === original) continue;
    // The first purchase to take up a launch keeps it, as in the purchase view.
    await manager.query(
      `INSERT INTO support_transaction_alias (transaction_id, original_transaction_id, sequence)
       VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [launch, original, event.metadata.sequence],
    );
  }
}

async function insertEffects(
  manager: EntityManager,
  records: readonly Of<'effect'>[],
): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (record: Of<'effect'>) => T) => records.map(pick);
  await manager.query(
    `INSERT INTO support_effect (effect_id, transaction_id, causation_id, effect_type, effect, issued_at,
                                 topic, partition, kafka_offset)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[],
                          $7::text[], $8::int[], $9::bigint[])
     ON CONFLICT DO NOTHING`,
    [
      column((r) => r.record.effectId),
      column((r) => r.record.transactionId),
      column((r) => r.record.causationId),
      column((r) => r.record.effect.type),
      column((r) => JSON.stringify(r.record.effect)),
      column((r) => r.record.issuedAt),
      column((r) => r.at.topic),
      column((r) => r.at.partition),
      column((r) => r.at.offset),
    ],
  );
}

/** One rejected record, at `at`: where it sits on the rejected-records topic, or the record itself when the index rejected it. */
async function insertRejection(
  manager: EntityManager,
  record: RejectedRecord,
  at: { readonly topic: string; readonly partition: number; readonly offset: string },
): Promise<void> {
  await manager.query(
    `INSERT INTO support_rejected_record (rejection_id, transaction_id, code, reason, parameter, value, source,
                                          rejected_at, topic, partition, kafka_offset)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
    [
      record.rejectionId,
      record.transactionId,
      record.code,
      record.reason,
      record.parameter,
      record.value,
      JSON.stringify(record.source),
      record.rejectedAt,
      at.topic,
      at.partition,
      at.offset,
    ],
  );
}

async function applyParking(
  manager: EntityManager,
  record: ParkingRecord,
  at: KafkaCoordinates,
): Promise<void> {
  await manager.query(
    `INSERT INTO support_parking_record (topic, partition, kafka_offset, transaction_id, kind, at, record)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [
      at.topic,
      at.partition,
      at.offset,
      record.transactionId,
      record.kind,
      record.at,
      JSON.stringify(record),
    ],
  );
  // A purchase may be parked before any of its events exist (its first input failed): the row starts here.
  await manager.query(
    'INSERT INTO support_purchase (transaction_id) VALUES ($1) ON CONFLICT DO NOTHING',
    [record.transactionId],
  );
  const update = (set: string, values: unknown[] = []) =>
    manager.query(`UPDATE support_purchase SET ${set} WHERE transaction_id = $1`, [
      record.transactionId,
      ...values,
    ]);
  switch (record.kind) {
    case 'parked':
      await update('parked = true, parked_at = $2, park_error = $3, held_count = 0', [
        record.at,
        JSON.stringify({ ...record.error, attempts: record.attempts }),
      ]);
      return;
    case 'held':
      await update('held_count = held_count + 1');
      return;
    case 'released':
      await update('parked = false, held_count = 0');
      return;
    default: {
      const _exhaustive: never = record;
      return _exhaustive;
    }
  }
}

function kafkaTime(at: KafkaCoordinates): string {
  const millis = Number(at.timestamp);
  return new Date(Number.isFinite(millis) && millis > 0 ? millis : 0).toISOString();
}
