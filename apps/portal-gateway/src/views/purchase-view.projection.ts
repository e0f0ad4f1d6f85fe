import type { EntityManager } from 'typeorm';
import { parsePurchaseEvent, type PurchaseEvent } from '@mp/contracts';
import {
  isOtherRecordKind,
  schemaRejection,
  type KafkaNames,
  type Projection,
  type ProjectionBatch,
} from '@mp/event-log';
import { fold, purchaseViewOf } from '@mp/purchase-machine';
import { VIEW_CHANNEL } from './view-notifications';
import { recordAliases, viewIdsOf } from './purchase-view-aliases';

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

async function applyViews(
  manager: EntityManager,
  batch: ProjectionBatch<PurchaseEvent>,
): Promise<void> {
  const byPurchase = new Map<string, PurchaseEvent[]>();
  for (const { value: event } of batch.records) {
    const id = event.metadata.transactionId;
    byPurchase.set(id, [...(byPurchase.get(id) ?? []), event]);
  }
  for (const [transactionId, events] of byPurchase) {
    // NOTIFY is delivered on commit only.
    if (await applyEvents(manager, transactionId, events)) {
      for (const id of await viewIdsOf(manager, transactionId)) {
        await manager.query('SELECT pg_notify($1, $2)', [VIEW_CHANNEL, id]);
      }
    }
  }
}

async function applyEvents(
  manager: EntityManager,
  transactionId: string,
  events: readonly PurchaseEvent[],
): Promise<boolean> {
  const rows = await manager.query<{ history: PurchaseEvent[] }[]>(
    'SELECT history FROM purchase_view WHERE transaction_id = $1 FOR UPDATE',
    [transactionId],
  );
  const history = [...(rows[0]?.history ?? [])];
  const appended: PurchaseEvent[] = [];
  for (const event of events) {
    if (event.metadata.sequence !== history.length + 1) continue;
    history.push(event);
    appended.push(event);
  }
  if (appended.length === 0) return false;
  await recordAliases(manager, transactionId, appended);
  const view = purchaseViewOf(fold(history));
  if (view === null) return false;
  await manager.query(
    `INSERT INTO purchase_view (transaction_id, last_sequence, history, view, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (transaction_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence,
       history = EXCLUDED.history, view = EXCLUDED.view, updated_at = EXCLUDED.updated_at`,
    [
      transactionId,
      history.length,
      JSON.stringify(history),
      JSON.stringify(view),
      history[history.length - 1]!.metadata.occurredAt,
    ],
  );
  return true;
}
