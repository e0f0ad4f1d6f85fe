import type { EntityManager } from 'typeorm';
import { parsePurchaseEvent, type PurchaseEvent, type PurchaseView } from '@mp/contracts';
import {
  isOtherRecordKind,
  schemaRejection,
  type KafkaNames,
  type Projection,
  type ProjectionBatch,
} from '@mp/event-log';
import { fold, purchaseViewOf } from '@mp/purchase-machine';
import { VIEW_CHANNEL } from './view-notifications';
import { recordAliases, viewIdsOf, type Appended } from './purchase-view-aliases';

/**
 * The purchase event log as `purchase_view` (G6), for the checkpointed projection runner: each event applies once by
 * its sequence number. Records the view cannot read are rejections.
 */
export function purchaseViewProjection({ topics, groups }: KafkaNames): Projection<PurchaseEvent> {
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
    apply: applyViews,
  };
}

/**
 * A fixed number of statements per batch (bench/projection-rebuild): the histories of all its purchases in one
 * read, each purchase folded once with its new events, the views in one upsert, the aliases (ADR 0027) and the
 * change notices for the whole batch.
 */
async function applyViews(
  manager: EntityManager,
  batch: ProjectionBatch<PurchaseEvent>,
): Promise<void> {
  const byPurchase = new Map<string, PurchaseEvent[]>();
  for (const { value: event } of batch.records) {
    const id = event.metadata.transactionId;
    byPurchase.set(id, [...(byPurchase.get(id) ?? []), event]);
  }
  const stored = await manager.query<{ transaction_id: string; history: PurchaseEvent[] }[]>(
    'SELECT transaction_id, history FROM purchase_view WHERE transaction_id = ANY($1::text[]) FOR UPDATE',
    [[...byPurchase.keys()]],
  );
  const histories = new Map(stored.map((row) => [row.transaction_id, row.history]));
  const appended: Appended[] = [];
  const views: { transactionId: string; history: PurchaseEvent[]; view: PurchaseView }[] = [];
  for (const [transactionId, events] of byPurchase) {
    const history = [...(histories.get(transactionId) ?? [])];
    const added: PurchaseEvent[] = [];
    for (const event of events) {
      if (event.metadata.sequence !== history.length + 1) continue;
      history.push(event);
      added.push(event);
    }
    if (added.length === 0) continue;
    appended.push({ transactionId, events: added });
    const view = purchaseViewOf(fold(history));
    if (view !== null) views.push({ transactionId, history, view });
  }
  await recordAliases(manager, appended);
  if (views.length === 0) return;
  // `view` is json, kept as written (the directive's key order), so the rows go in as json, not jsonb.
  await manager.query(
    `INSERT INTO purchase_view (transaction_id, last_sequence, history, view, updated_at)
     SELECT * FROM json_to_recordset($1::json)
       AS r(transaction_id text, last_sequence int, history jsonb, view json, updated_at timestamptz)
     ON CONFLICT (transaction_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence,
       history = EXCLUDED.history, view = EXCLUDED.view, updated_at = EXCLUDED.updated_at`,
    [
      JSON.stringify(
        views.map((row) => ({
          transaction_id: row.transactionId,
          last_sequence: row.history.length,
          history: row.history,
          view: row.view,
          updated_at: row.history.at(-1)!.metadata.occurredAt,
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
}
