import { ProjectionCheckpoints } from '@mp/database';
import { KeptFolds, type ProjectionBatch } from '@mp/event-log';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { ParkingRecord, PurchaseEvent, RejectedRecord } from '@mp/contracts';
import { DATA_SOURCE } from '@mp/platform';
import type { IndexedRecord, IndexRecord, KafkaCoordinates } from './index-record.types';
import { PurchaseHistoryReader } from './purchase-history.reader';
import { emptySummaryFold, foldSummary, summaryOf, type SummaryFold } from './purchase-summary';

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

/** The summary folds a batch reached, by transactionId: kept once its transaction committed. */
export type KeptSummaries = Map<string, SummaryFold>;

/**
 * Writes the index. The checkpointed projection runner calls `apply` with the records of one partition, in the
 * transaction that also moves that partition's checkpoint (G6), and `reject` with what it could not read.
 */
@Injectable()
export class IndexWriter {
  /** Each purchase's summary fold at its last committed batch, filed under its count of indexed events. */
  private readonly folds = new KeptFolds<SummaryFold>();

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly histories: PurchaseHistoryReader,
  ) {}

  /**
   * A fixed number of statements per batch, whatever its size (bench/projection-rebuild): each table's new rows in
   * one multi-row statement (one JSON array of rows), then the summaries of every purchase the batch added events to.
   * A summary steps on from the fold kept at the purchase's last batch (ADR 0033) when the stored count of its events
   * says nothing else wrote them since; otherwise its history is read back, all the misses in one statement.
   * Parking records change a purchase's row in turn, so they go one by one (they are rare). Returns the folds to keep
   * once the transaction committed.
   */
  async apply(
    manager: EntityManager,
    batch: ProjectionBatch<IndexedRecord>,
  ): Promise<KeptSummaries> {
    const records = batch.records.map((item) => item.value);
    const events = records.filter(is('event'));
    const inserted = await insertEvents(manager, events);
    await insertAliases(manager, events);
    await insertEffects(manager, records.filter(is('effect')));
    await insertRejections(
      manager,
      records.filter(is('rejected')).map(({ record, at }) => ({ record, at })),
    );
    for (const record of records.filter(is('parking')))
      await applyParking(manager, record.record, record.at);
    const touched = new Set(events.map((record) => record.event.metadata.transactionId));
    return this.refreshSummaries(manager, [...touched], newEvents(events, inserted));
  }

  /** Keeps the folds of a committed batch for the next one. */
  keep(summaries: KeptSummaries): void {
    for (const [transactionId, fold] of summaries)
      this.folds.keep(transactionId, fold.eventCount, fold);
  }

  /** Records the index itself could not read: it is where support looks, so they go straight in (idempotent). */
  async reject(manager: EntityManager, rejections: readonly RejectedRecord[]): Promise<void> {
    await insertRejections(
      manager,
      rejections.map((record) => ({ record, at: record.source })),
    );
  }

  /** Empties the projection and its checkpoints in one transaction: the next run reads the log from the start. */
  async clear(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`TRUNCATE ${projectionTables.join(', ')}`);
      await checkpoints.clear(manager);
    });
  }

  private async refreshSummaries(
    manager: EntityManager,
    transactionIds: readonly string[],
    added: ReadonlyMap<string, readonly PurchaseEvent[]>,
  ): Promise<KeptSummaries> {
    const kept: KeptSummaries = new Map();
    if (transactionIds.length === 0) return kept;
    // The count each summary was last written with, before this batch (written in the same transactions as the events).
    const counts = await manager.query<{ transaction_id: string; event_count: number }[]>(
      'SELECT transaction_id, event_count FROM support_purchase WHERE transaction_id = ANY($1::text[])',
      [transactionIds],
    );
    const before = new Map(counts.map((row) => [row.transaction_id, row.event_count]));
    const unread: string[] = [];
    for (const id of transactionIds) {
      const fresh = added.get(id) ?? [];
      const count = before.get(id) ?? 0;
      const from = count === 0 ? emptySummaryFold() : this.folds.at(id, count);
      // Stepping on is the fold of the stored history only if every new event comes after what was folded.
      if (from === undefined || (fresh[0]?.metadata.sequence ?? Infinity) <= from.lastSequence)
        unread.push(id);
      else kept.set(id, foldSummary(from, fresh));
    }
    if (unread.length > 0) {
      const histories = await this.histories.eventsOf(unread, manager);
      for (const id of unread)
        kept.set(id, foldSummary(emptySummaryFold(), histories.get(id) ?? []));
    }
    const summaries = transactionIds.map((id) => summaryOf(id, kept.get(id)!));
    await manager.query(
      `INSERT INTO support_purchase AS p (transaction_id, flow, state, status, event_count, started_at, updated_at,
                                          timer_id, timer_due_at, indexed_at)
       SELECT *, now() FROM json_to_recordset($1::json) AS r(transaction_id text, flow text, state text,
         status text, event_count int, started_at timestamptz, updated_at timestamptz, timer_id text,
         timer_due_at timestamptz)
       ON CONFLICT (transaction_id) DO UPDATE SET
         flow = EXCLUDED.flow, state = EXCLUDED.state, status = EXCLUDED.status,
         event_count = EXCLUDED.event_count, started_at = EXCLUDED.started_at,
         updated_at = EXCLUDED.updated_at, timer_id = EXCLUDED.timer_id,
         timer_due_at = EXCLUDED.timer_due_at, indexed_at = now()`,
      [
        rowsOf(summaries, (summary) => ({
          transaction_id: summary.transactionId,
          flow: summary.flow,
          state: summary.state,
          status: summary.status,
          event_count: summary.eventCount,
          started_at: summary.startedAt,
          updated_at: summary.updatedAt,
          timer_id: summary.timer?.timerId ?? null,
          timer_due_at: summary.timer?.dueAt ?? null,
        })),
      ],
    );
    const sims = summaries.flatMap((summary) =>
      summary.iccids.map((iccid) => ({ iccid, transaction_id: summary.transactionId })),
    );
    if (sims.length > 0) {
      await manager.query(
        `INSERT INTO support_purchase_sim (iccid, transaction_id)
         SELECT * FROM json_to_recordset($1::json) AS r(iccid text, transaction_id text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(sims)],
      );
    }
    return kept;
  }
}

const is =
  <K extends IndexedRecord['kind']>(kind: K) =>
  (record: IndexedRecord): record is Of<K> =>
    record.kind === kind;

/** Returns `transactionId/sequence` of each event new to the index (the first one read of a sequence is kept). */
async function insertEvents(
  manager: EntityManager,
  records: readonly Of<'event'>[],
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const rows = await manager.query<{ transaction_id: string; sequence: number }[]>(
    `INSERT INTO support_event (transaction_id, sequence, event_id, type, schema_version, occurred_at,
                                causation_id, data, metadata, topic, partition, kafka_offset, recorded_at)
     SELECT * FROM json_to_recordset($1::json) AS r(transaction_id text, sequence int, event_id text, type text,
       schema_version int, occurred_at timestamptz, causation_id text, data jsonb, metadata jsonb, topic text,
       partition int, kafka_offset bigint, recorded_at timestamptz)
     ON CONFLICT DO NOTHING RETURNING transaction_id, sequence`,
    [
      rowsOf(records, ({ event, storedVersion, at }) => ({
        transaction_id: event.metadata.transactionId,
        sequence: event.metadata.sequence,
        event_id: event.metadata.eventId,
        type: event.type,
        schema_version: storedVersion,
        occurred_at: event.metadata.occurredAt,
        causation_id: event.metadata.causationId,
        data: event.data,
        metadata: event.metadata,
        topic: at.topic,
        partition: at.partition,
        kafka_offset: at.offset,
        recorded_at: kafkaTime(at),
      })),
    ],
  );
  return new Set(rows.map((row) => `${row.transaction_id}/${row.sequence}`));
}

/** Each purchase's events that the batch added to the index, in sequence order (as the history reads them). */
function newEvents(
  records: readonly Of<'event'>[],
  inserted: Set<string>,
): Map<string, PurchaseEvent[]> {
  const added = new Map<string, PurchaseEvent[]>();
  for (const { event } of records) {
    const { transactionId, sequence } = event.metadata;
    // Deleted once taken: a sequence twice in the batch is inserted once, the first one read.
    if (!inserted.delete(`${transactionId}/${sequence}`)) continue;
    let list = added.get(transactionId);
    if (list === undefined) added.set(transactionId, (list = []));
    list.push(event);
  }
  for (const list of added.values()) list.sort((a, b) => a.metadata.sequence - b.metadata.sequence);
  return added;
}

/** ADR 0027: a new launch's transactionId an LPA error came under points to the purchase that took it up. */
async function insertAliases(
  manager: EntityManager,
  records: readonly Of<'event'>[],
): Promise<void> {
  const aliases = records.flatMap(({ event }) => {
    if (event.type !== 'LpaErrorReported') return [];
    const launch = event.data.launchTransactionId;
    const original = event.metadata.transactionId;
    if (launch === undefined || launch === original) return [];
    return [{ launch, original, sequence: event.metadata.sequence }];
  });
  if (aliases.length === 0) return;
  // The first purchase to take up a launch keeps it, as in the purchase view (the first row given wins).
  await manager.query(
    `INSERT INTO support_transaction_alias (transaction_id, original_transaction_id, sequence)
     SELECT * FROM json_to_recordset($1::json)
       AS r(transaction_id text, original_transaction_id text, sequence int)
     ON CONFLICT DO NOTHING`,
    [
      rowsOf(aliases, (alias) => ({
        transaction_id: alias.launch,
        original_transaction_id: alias.original,
        sequence: alias.sequence,
      })),
    ],
  );
}

async function insertEffects(
  manager: EntityManager,
  records: readonly Of<'effect'>[],
): Promise<void> {
  if (records.length === 0) return;
  await manager.query(
    `INSERT INTO support_effect (effect_id, transaction_id, causation_id, effect_type, effect, issued_at,
                                 topic, partition, kafka_offset)
     SELECT * FROM json_to_recordset($1::json) AS r(effect_id text, transaction_id text, causation_id text,
       effect_type text, effect jsonb, issued_at timestamptz, topic text, partition int, kafka_offset bigint)
     ON CONFLICT DO NOTHING`,
    [
      rowsOf(records, ({ record, at }) => ({
        effect_id: record.effectId,
        transaction_id: record.transactionId,
        causation_id: record.causationId,
        effect_type: record.effect.type,
        effect: record.effect,
        issued_at: record.issuedAt,
        topic: at.topic,
        partition: at.partition,
        kafka_offset: at.offset,
      })),
    ],
  );
}

/** Rejected records, each at `at`: where it sits on the rejected-records topic, or the record itself when the index rejected it. */
async function insertRejections(
  manager: EntityManager,
  rejections: readonly {
    readonly record: RejectedRecord;
    readonly at: { readonly topic: string; readonly partition: number; readonly offset: string };
  }[],
): Promise<void> {
  if (rejections.length === 0) return;
  await manager.query(
    `INSERT INTO support_rejected_record (rejection_id, transaction_id, code, reason, parameter, value, source,
                                          rejected_at, topic, partition, kafka_offset)
     SELECT * FROM json_to_recordset($1::json) AS r(rejection_id text, transaction_id text, code text,
       reason text, parameter text, value text, source jsonb, rejected_at timestamptz, topic text, partition int,
       kafka_offset bigint)
     ON CONFLICT DO NOTHING`,
    [
      rowsOf(rejections, ({ record, at }) => ({
        rejection_id: record.rejectionId,
        transaction_id: record.transactionId,
        code: record.code,
        reason: record.reason,
        parameter: record.parameter,
        value: record.value,
        source: record.source,
        rejected_at: record.rejectedAt,
        topic: at.topic,
        partition: at.partition,
        kafka_offset: at.offset,
      })),
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

/**
 * Rows for `json_to_recordset($1::json)`: one JSON array parameter per multi-row statement, half the cost of an
 * array per column for the JSON columns (each element quoted into an array literal and parsed out again).
 */
function rowsOf<T>(items: readonly T[], row: (item: T) => Record<string, unknown>): string {
  return JSON.stringify(items.map(row));
}

function kafkaTime(at: KafkaCoordinates): string {
  const millis = Number(at.timestamp);
  return new Date(Number.isFinite(millis) && millis > 0 ? millis : 0).toISOString();
}
