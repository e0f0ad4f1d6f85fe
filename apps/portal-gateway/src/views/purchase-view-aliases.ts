import type { DataSource, EntityManager } from 'typeorm';
import type { PurchaseEvent, PurchaseView } from '@mp/contracts';

/** The events a batch appended to one purchase's history, oldest first. */
export interface Appended {
  readonly transactionId: string;
  readonly events: readonly PurchaseEvent[];
}

interface Alias {
  readonly launch: string;
  readonly original: string;
  readonly sequence: number;
  readonly ready: boolean;
}

/**
 * ADR 0027: the transactionIds of new launches a purchase took an LPA error from read as that purchase, so the
 * portal session of the launch can show the re-issued directive. Written by the projector in its transaction, for
 * a whole batch at once with what the events would have done one by one: the LPA errors' aliases first (a launch
 * named twice in the batch in rounds, in the batch's order), then the directives issued. A directive makes ready
 * the purchase's aliases of earlier sequence: an alias rewritten by a later LPA error of the same purchase is of
 * later sequence, so it is as the event-by-event writes left it.
 */
export async function recordAliases(
  manager: EntityManager,
  appended: readonly Appended[],
): Promise<void> {
  const aliases: Alias[] = [];
  const directives = new Map<string, number>();
  for (const { transactionId, events } of appended) {
    for (const event of events) {
      if (event.type === 'LpaErrorReported') {
        const launch = event.data.launchTransactionId;
        if (launch === undefined || launch === transactionId) continue;
        aliases.push({
          launch,
          original: transactionId,
          sequence: event.metadata.sequence,
          ready: event.data.remediation.kind !== 'reorder',
        });
      } else if (event.type === 'DirectiveIssued') {
        directives.set(transactionId, event.metadata.sequence);
      }
    }
  }
  for (const round of rounds(aliases)) {
    // The first purchase to take up a launch keeps it: another purchase's report never moves it.
    await manager.query(
      `INSERT INTO purchase_view_alias AS a (transaction_id, original_transaction_id, sequence, directive_ready)
       SELECT * FROM json_to_recordset($1::json)
         AS r(transaction_id text, original_transaction_id text, sequence int, directive_ready boolean)
       ON CONFLICT (transaction_id) DO UPDATE SET sequence = EXCLUDED.sequence,
         directive_ready = EXCLUDED.directive_ready
       WHERE a.original_transaction_id = EXCLUDED.original_transaction_id`,
      [
        JSON.stringify(
          round.map((alias) => ({
            transaction_id: alias.launch,
            original_transaction_id: alias.original,
            sequence: alias.sequence,
            directive_ready: alias.ready,
          })),
        ),
      ],
    );
  }
  if (directives.size === 0) return;
  await manager.query(
    `UPDATE purchase_view_alias AS a SET directive_ready = true
       FROM json_to_recordset($1::json) AS d(original text, sequence int)
      WHERE a.original_transaction_id = d.original AND a.sequence < d.sequence AND NOT a.directive_ready`,
    [JSON.stringify([...directives].map(([original, sequence]) => ({ original, sequence })))],
  );
}

/** One statement may name a launch once: its n-th alias in the batch goes in the n-th round. */
function rounds(aliases: readonly Alias[]): Alias[][] {
  const result: Alias[][] = [];
  const seen = new Map<string, number>();
  for (const alias of aliases) {
    const round = seen.get(alias.launch) ?? 0;
    seen.set(alias.launch, round + 1);
    (result[round] ??= []).push(alias);
  }
  return result;
}

/** The ids a change of each purchase's view wakes: its own and those of the launches that read as it. */
export async function viewIdsOf(
  manager: EntityManager,
  transactionIds: readonly string[],
): Promise<string[]> {
  if (transactionIds.length === 0) return [];
  const rows = await manager.query<{ transaction_id: string; original_transaction_id: string }[]>(
    `SELECT transaction_id, original_transaction_id FROM purchase_view_alias
      WHERE original_transaction_id = ANY($1::text[])`,
    [transactionIds],
  );
  const launches = new Map<string, string[]>();
  for (const row of rows) {
    launches.set(row.original_transaction_id, [
      ...(launches.get(row.original_transaction_id) ?? []),
      row.transaction_id,
    ]);
  }
  return transactionIds.flatMap((id) => [id, ...(launches.get(id) ?? [])]);
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
