import type { EntityManager } from 'typeorm';
import { parsePurchaseEvent, type PurchaseEvent, type PurchaseView } from '@mp/contracts';
import {
  KeptFolds,
  isOtherRecordKind,
  schemaRejection,
  type KafkaNames,
  type Projection,
  type ProjectionBatch,
} from '@mp/event-log';
import {
  fold,
  initialSnapshot,
  purchaseViewOf,
  step,
  type PurchaseSnapshot,
} from '@mp/purchase-machine';
import { VIEW_CHANNEL } from './view-notifications';
import { recordAliases, viewIdsOf, type Appended } from './purchase-view-aliases';

/** The snapshots a batch reached, by transactionId, with the last sequence each view row now holds. */
export type KeptViews = Map<string, { readonly at: number; readonly snapshot: PurchaseSnapshot }>;

/**
 * The purchase event log as `purchase_view` (G6), for the checkpointed projection runner: each event applies once by
 * its sequence number. Records the view cannot read are rejections.
 */
export function purchaseViewProjection({
  topics,
  groups,
}: KafkaNames): Projection<PurchaseEvent, KeptViews> {
  // Each purchase's snapshot at its last committed batch, filed under the view's last sequence (ADR 0033).
  const folds = new KeptFolds<PurchaseSnapshot>();
  return {
    name: 'purchase-view',
    groupId: groups.purchaseViewProjector,
    topics: [topics.purchaseEvents],
    keyedByTransactionId: new Set([topics.purchaseEvents]),
    // A purchase's events are on one partition: batches of different partitions write different views.
    partitionsConsumedConcurrently: 3,
    skip: (record) => isOtherRecordKind(record.headers),
    decode: (json) => {
      const parsed = parsePurchaseEvent(json);
      if (parsed.ok) return { kind: 'apply', value: parsed.event };
      const why = schemaRejection('INVALID_PURCHASE_EVENT', parsed.issues, parsed.reason, json);
      return { kind: 'reject', ...why };
    },
    apply: (manager, batch) => applyViews(manager, batch, folds),
    // Only what committed is kept: a batch rolled back leaves the folds of the last one that did not.
    afterCommit: (kept) => {
      for (const [id, { at, snapshot }] of kept) folds.keep(id, at, snapshot);
    },
  };
}

/**
 * A fixed number of statements per batch (bench/projection-rebuild): the views' positions in one read, each
 * purchase stepped on with its new events from the snapshot kept at that position (the histories of those without
 * one read back in one statement and folded), the views in one upsert that appends the new events to the stored
 * history, the aliases (ADR 0027) and the change notices for the whole batch.
 */
async function applyViews(
  manager: EntityManager,
  batch: ProjectionBatch<PurchaseEvent>,
  folds: KeptFolds<PurchaseSnapshot>,
): Promise<KeptViews> {
  const byPurchase = new Map<string, PurchaseEvent[]>();
  for (const { value: event } of batch.records) {
    const id = event.metadata.transactionId;
    let events = byPurchase.get(id);
    if (events === undefined) byPurchase.set(id, (events = []));
    events.push(event);
  }
  const stored = await manager.query<{ transaction_id: string; last_sequence: number }[]>(
    'SELECT transaction_id, last_sequence FROM purchase_view WHERE transaction_id = ANY($1::text[]) FOR UPDATE',
    [[...byPurchase.keys()]],
  );
  // The view holds events 1 to last_sequence, one per sequence (so its history's length is its last sequence).
  const lengths = new Map(stored.map((row) => [row.transaction_id, row.last_sequence]));
  const snapshots = new Map<string, PurchaseSnapshot>();
  const unread: string[] = [];
  for (const id of byPurchase.keys()) {
    const length = lengths.get(id) ?? 0;
    const kept = length === 0 ? initialSnapshot() : folds.at(id, length);
    if (kept === undefined) unread.push(id);
    else snapshots.set(id, kept);
  }
  if (unread.length > 0) {
    const histories = await manager.query<{ transaction_id: string; history: PurchaseEvent[] }[]>(
      'SELECT transaction_id, history FROM purchase_view WHERE transaction_id = ANY($1::text[])',
      [unread],
    );
    for (const row of histories) snapshots.set(row.transaction_id, fold(row.history));
  }
  const appended: Appended[] = [];
  const views: {
    transactionId: string;
    added: PurchaseEvent[];
    length: number;
    view: PurchaseView;
  }[] = [];
  const kept: KeptViews = new Map();
  for (const [transactionId, events] of byPurchase) {
    let length = lengths.get(transactionId) ?? 0;
    let snapshot = snapshots.get(transactionId)!;
    const added: PurchaseEvent[] = [];
    for (const event of events) {
      if (event.metadata.sequence !== length + 1) continue;
      snapshot = step(snapshot, event).snapshot;
      length += 1;
      added.push(event);
    }
    if (added.length === 0) continue;
    appended.push({ transactionId, events: added });
    const view = purchaseViewOf(snapshot);
    if (view === null) continue;
    views.push({ transactionId, added, length, view });
    kept.set(transactionId, { at: length, snapshot });
  }
  await recordAliases(manager, appended);
  if (views.length === 0) return kept;
  // `view` is json, kept as written (the directive's key order), so the rows go in as json, not jsonb.
  await manager.query(
    `INSERT INTO purchase_view AS v (transaction_id, last_sequence, history, view, updated_at)
     SELECT * FROM json_to_recordset($1::json)
       AS r(transaction_id text, last_sequence int, history jsonb, view json, updated_at timestamptz)
     ON CONFLICT (transaction_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence,
       history = v.history || EXCLUDED.history, view = EXCLUDED.view, updated_at = EXCLUDED.updated_at`,
    [
      JSON.stringify(
        views.map((row) => ({
          transaction_id: row.transactionId,
          last_sequence: row.length,
          // Only the new events: the stored history is extended in the statement.
          history: row.added,
          view: row.view,
          updated_at: row.added.at(-1)!.metadata.occurredAt,
        })),
      ),
    ],
  );
  // NOTIFY is delivered on commit only.
  const woken = await viewIdsOf(
    manager,
    views.map((row) => row.transactionId),
  );
  await manager.query('SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id', [
    VIEW_CHANNEL,
    woken,
  ]);
  return kept;
}
