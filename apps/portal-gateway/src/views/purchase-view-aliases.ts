import type { EntityManager } from 'typeorm';
import type { PurchaseEvent } from '@mp/contracts';

/**
 * ADR 0024: the transactionIds of new launches a purchase took an LPA error from read as that purchase, so the
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
