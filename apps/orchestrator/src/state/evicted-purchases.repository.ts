import type { DataSource } from 'typeorm';
import { TextLimits } from '@mp/contracts';

/** A purchase evicted from memory (ADR 0032): what its owner needs to decide for it again. */
export interface EvictedPurchase {
  readonly transactionId: string;
  readonly partition: number;
  readonly sequence: number;
  readonly machine: string;
  /** The purchase's snapshot as JSON (opaque here). */
  readonly snapshot: unknown;
  readonly iccids: readonly string[];
}

/**
 * The evicted purchases in PostgreSQL (`evicted_purchases`, `evicted_iccids`). Each method is a fixed number of
 * statements whatever the number of rows; rows go in as one JSON array (`json_to_recordset`), as the projections'
 * do. Ids and ICCIDs come from outside (any string the contracts allow), so they only ever travel as parameters.
 */
export class EvictedPurchases {
  constructor(private readonly db: DataSource) {}

  /**
   * Upserts the rows (idempotent; a row of a purchase already stored is replaced, its ICCIDs too), in one DB
   * transaction, multi-row statements (not one INSERT per row). A purchase listed twice is stored as its last
   * entry; an ICCID another purchase holds goes to the purchase saved last. A row the database refuses (an id or
   * ICCID beyond its bound, text with U+0000 or a lone surrogate, which jsonb and text cannot store) fails the
   * whole call and stores nothing of it.
   */
  async save(purchases: readonly EvictedPurchase[]): Promise<void> {
    if (purchases.length === 0) return;
    const byId = new Map<string, EvictedPurchase>();
    for (const purchase of purchases) {
      byId.delete(purchase.transactionId);
      byId.set(purchase.transactionId, purchase);
    }
    const owners = new Map<string, string>();
    for (const { transactionId, iccids } of byId.values())
      for (const iccid of iccids) owners.set(iccid, transactionId);
    await this.db.transaction(async (manager) => {
      // In key order, so that two saves of the same purchases lock their rows in the same order.
      await manager.query(
        `INSERT INTO evicted_purchases AS p (transaction_id, partition, sequence, machine, snapshot)
         SELECT * FROM json_to_recordset($1::json)
           AS r(transaction_id text, partition integer, sequence integer, machine text, snapshot jsonb)
         ORDER BY transaction_id
         ON CONFLICT (transaction_id) DO UPDATE SET partition = EXCLUDED.partition,
           sequence = EXCLUDED.sequence, machine = EXCLUDED.machine, snapshot = EXCLUDED.snapshot,
           evicted_at = now()`,
        [
          JSON.stringify(
            [...byId.values()].map((purchase) => ({
              transaction_id: purchase.transactionId,
              partition: purchase.partition,
              sequence: purchase.sequence,
              machine: purchase.machine,
              snapshot: purchase.snapshot,
            })),
          ),
        ],
      );
      await manager.query('DELETE FROM evicted_iccids WHERE transaction_id = ANY($1::text[])', [
        [...byId.keys()],
      ]);
      if (owners.size === 0) return;
      await manager.query(
        `INSERT INTO evicted_iccids (iccid, transaction_id)
         SELECT * FROM json_to_recordset($1::json) AS r(iccid text, transaction_id text)
         ORDER BY iccid
         ON CONFLICT (iccid) DO UPDATE SET transaction_id = EXCLUDED.transaction_id`,
        [
          JSON.stringify(
            [...owners].map(([iccid, transactionId]) => ({
              iccid,
              transaction_id: transactionId,
            })),
          ),
        ],
      );
    });
  }

  /**
   * The stored purchases among these ids (one query). A snapshot comes back as jsonb keeps it (the same value, its
   * keys in jsonb's order); a purchase's ICCIDs in ICCID order.
   */
  async load(transactionIds: readonly string[]): Promise<Map<string, EvictedPurchase>> {
    const ids = storable(transactionIds, TextLimits.transactionId);
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<
      {
        transaction_id: string;
        partition: number;
        sequence: number;
        machine: string;
        snapshot: unknown;
        iccids: string[];
      }[]
    >(
      `SELECT p.transaction_id, p.partition, p.sequence, p.machine, p.snapshot,
              ARRAY(SELECT i.iccid FROM evicted_iccids i
                     WHERE i.transaction_id = p.transaction_id ORDER BY i.iccid) AS iccids
         FROM evicted_purchases p
        WHERE p.transaction_id = ANY($1::text[])`,
      [ids],
    );
    return new Map(
      rows.map((row) => [
        row.transaction_id,
        {
          transactionId: row.transaction_id,
          partition: row.partition,
          sequence: row.sequence,
          machine: row.machine,
          snapshot: row.snapshot,
          iccids: row.iccids,
        },
      ]),
    );
  }

  /** For each of these ICCIDs held by an evicted purchase, its transactionId (one query). */
  async ownersOfIccids(iccids: readonly string[]): Promise<Map<string, string>> {
    const wanted = storable(iccids, TextLimits.iccid);
    if (wanted.length === 0) return new Map();
    const rows = await this.db.query<{ iccid: string; transaction_id: string }[]>(
      'SELECT iccid, transaction_id FROM evicted_iccids WHERE iccid = ANY($1::text[])',
      [wanted],
    );
    return new Map(rows.map((row) => [row.iccid, row.transaction_id]));
  }
}

/**
 * The distinct keys a column bounded to `max` characters can hold: the others cannot be stored, so are not found,
 * and must not reach the query, where U+0000 is an encoding error and a lone surrogate would be sent as U+FFFD (and
 * find another key). PostgreSQL counts code points (`char_length`), JavaScript UTF-16 code units.
 */
function storable(keys: readonly string[], max: number): string[] {
  const found = new Set<string>();
  for (const key of keys) {
    if (key.length === 0 || key.includes('\u0000') || LONE_SURROGATE.test(key)) continue;
    if (key.length > max && [...key].length > max) continue;
    found.add(key);
  }
  return [...found];
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** What the orchestrator's eviction and loading need of the table (a test gives its own). */
export type EvictedPurchaseStore = Pick<EvictedPurchases, 'save' | 'load' | 'ownersOfIccids'>;
