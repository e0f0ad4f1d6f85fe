import type { DataSource, EntityManager } from 'typeorm';
import type { PurchaseEvent, PurchaseView } from '@mp/contracts';

/**
 * ADR 0027: the transactionIds of new launches a purchase took an LPA error from read as that purchase, so the
 * portal session of the launch can show the re-issued directive. Written by the projector in its transaction.
 */
export async function recordAliases(
  manager: EntityManager,
  transactionId: string,
  appended: readonly PurchaseEvent[],
): Promise<void> {
  for (const event of appended) {
    if (event.type === 'LpaErrorReported') {
      const launch = event.data.launchTransactionId;
      if (launch === undefined || launch === transactionId) continue;
      // The first purchase to take up a launch keeps it: another purchase's report never moves it.
      await manager.query(
        `INSERT INTO purchase_view_alias AS a (transaction_id, original_transaction_id, sequence, directive_ready)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (transaction_id) DO UPDATE SET sequence = EXCLUDED.sequence,
           directive_ready = EXCLUDED.directive_ready
         WHERE a.original_transaction_id = EXCLUDED.original_transaction_id`,
        [launch, transactionId, event.metadata.sequence, event.data.remediation.kind !== 'reorder'],
      );
    } else if (event.type === 'DirectiveIssued') {
      await manager.query(
        `UPDATE purchase_view_alias SET directive_ready = true
         WHERE original_transaction_id = $1 AND sequence < $2 AND NOT directive_ready`,
        [transactionId, event.metadata.sequence],
      );
    }
  }
}

/** The ids a change of the purchase's view wakes: its own and those of the launches that read as it. */
export async function viewIdsOf(manager: EntityManager, transactionId: string): Promise<string[]> {
  const rows = await manager.query<{ transaction_id: string }[]>(
    'SELECT transaction_id FROM purchase_view_alias WHERE original_transaction_id = $1',
    [transactionId],
  );
  return [transactionId, ...rows.map((row) => row.transaction_id)];
}

/**
 * The view `GET /v1/purchases/{transactionId}` answers: the purchase itself, or the purchase a new launch's LPA error
 * was filed under, read as that purchase is; a purchase of its own under the id always wins. While the re-order for
 * that launch is under way it has no directive yet: the old one is what failed on the device.
 */
export async function findView(
  db: DataSource,
  transactionId: string,
): Promise<PurchaseView | null> {
  const rows = await db.query<{ view: PurchaseView; ready: boolean }[]>(
    `SELECT view, ready FROM (
       SELECT view, true AS ready, 0 AS rank FROM purchase_view WHERE transaction_id = $1
       UNION ALL
       SELECT v.view, a.directive_ready, 1 FROM purchase_view_alias a
         JOIN purchase_view v ON v.transaction_id = a.original_transaction_id
        WHERE a.transaction_id = $1
     ) found ORDER BY rank LIMIT 1`,
    [transactionId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return row.ready ? row.view : { ...row.view, directive: null };
}
