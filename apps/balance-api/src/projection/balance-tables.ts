import type { BalanceAdjustment, PurchaseEvent, UsageEvent } from '@mp/contracts';
import type { EntityManager } from 'typeorm';
import type { BalanceState } from '../balance/balance-fold';
import type {
  BalanceAdjustmentEntity,
  BalanceCreditEntity,
  BalancePurchaseEntity,
  BalanceUsageEntity,
} from './entities';

/** Where a purchase's stored history stands, before a batch changes it. */
export type PurchasePosition = Pick<BalancePurchaseEntity, 'transactionId' | 'lastSequence'>;

/** A purchase's row as a batch writes it: `events` are only the new ones, appended to the stored history. */
export type PurchaseAppend = Omit<BalancePurchaseEntity, 'events'> & {
  readonly added: readonly PurchaseEvent[];
};

/** What one SIM's balances are folded from. */
export interface SimFacts {
  readonly credits: BalanceCreditEntity[];
  readonly usages: BalanceUsageEntity[];
  readonly adjustments: BalanceAdjustmentEntity[];
}

/**
 * The balance projection's tables, read and written a batch at a time: each method is one statement for all the
 * rows of a batch, so a batch costs a fixed number of round trips, not some per record (bench/projection-rebuild).
 * Rows go in as one JSON array (`json_to_recordset`): half the cost of an array per column for the JSON columns,
 * whose elements would each be quoted into an array literal and parsed out of it again.
 */
export class BalanceTables {
  constructor(private readonly manager: EntityManager) {}

  async positions(transactionIds: readonly string[]): Promise<Map<string, PurchasePosition>> {
    const rows = await this.manager.query<PurchasePosition[]>(
      `SELECT transaction_id AS "transactionId", last_sequence AS "lastSequence"
         FROM balance_purchase WHERE transaction_id = ANY($1::text[])`,
      [transactionIds],
    );
    return new Map(rows.map((row) => [row.transactionId, row]));
  }

  /** The stored histories, for purchases with no fold kept at their position. */
  async histories(transactionIds: readonly string[]): Promise<Map<string, PurchaseEvent[]>> {
    if (transactionIds.length === 0) return new Map();
    const rows = await this.manager.query<{ transactionId: string; events: PurchaseEvent[] }[]>(
      `SELECT transaction_id AS "transactionId", events
         FROM balance_purchase WHERE transaction_id = ANY($1::text[])`,
      [transactionIds],
    );
    return new Map(rows.map((row) => [row.transactionId, row.events]));
  }

  async credits(transactionIds: readonly string[]): Promise<Map<string, BalanceCreditEntity>> {
    const rows = await this.manager.query<BalanceCreditEntity[]>(
      `${SELECT_CREDITS} WHERE transaction_id = ANY($1::text[])`,
      [transactionIds],
    );
    return new Map(rows.map((row) => [row.transactionId, row]));
  }

  /** Appends each purchase's new events to its stored history (the new events only cross the wire). */
  async savePurchases(rows: readonly PurchaseAppend[]): Promise<void> {
    if (rows.length === 0) return;
    await this.manager.query(
      `INSERT INTO balance_purchase AS p (transaction_id, last_sequence, events, credit_iccid, updated_at)
       SELECT * FROM json_to_recordset($1::json) AS r(transaction_id text, last_sequence int, events jsonb,
                                                      credit_iccid text, updated_at timestamptz)
       ON CONFLICT (transaction_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence,
         events = p.events || EXCLUDED.events, credit_iccid = EXCLUDED.credit_iccid,
         updated_at = EXCLUDED.updated_at`,
      [
        JSON.stringify(
          rows.map((row) => ({
            transaction_id: row.transactionId,
            last_sequence: row.lastSequence,
            events: row.added,
            credit_iccid: row.creditIccid,
            updated_at: row.updatedAt,
          })),
        ),
      ],
    );
  }

  /** Deletes the credits of `removed` (purchases whose credit moved), then inserts `added`. */
  async replaceCredits(
    removed: readonly string[],
    added: readonly BalanceCreditEntity[],
  ): Promise<void> {
    if (removed.length > 0)
      await this.manager.query(
        'DELETE FROM balance_credit WHERE transaction_id = ANY($1::text[])',
        [removed],
      );
    if (added.length === 0) return;
    await this.manager.query(
      `INSERT INTO balance_credit (transaction_id, iccid, balance_type, data_mb, validity, locations, credited_at)
       SELECT * FROM json_to_recordset($1::json) AS r(transaction_id text, iccid text, balance_type text,
         data_mb double precision, validity text, locations text[], credited_at timestamptz)`,
      [
        JSON.stringify(
          added.map((credit) => ({
            transaction_id: credit.transactionId,
            iccid: credit.iccid,
            balance_type: credit.balanceType,
            data_mb: credit.dataMB,
            validity: credit.validity,
            locations: credit.locations,
            credited_at: credit.creditedAt,
          })),
        ),
      ],
    );
  }

  /** D17: a usage event counts once per eventId. Returns the ICCIDs of the usage events new to the table. */
  async insertUsage(usages: readonly UsageEvent[]): Promise<string[]> {
    if (usages.length === 0) return [];
    const rows = await this.manager.query<{ iccid: string }[]>(
      `INSERT INTO balance_usage (event_id, iccid, location, used_mb, occurred_at)
       SELECT * FROM json_to_recordset($1::json) AS r(event_id text, iccid text, location text,
                                                      used_mb double precision, occurred_at timestamptz)
       ON CONFLICT DO NOTHING RETURNING iccid`,
      [
        JSON.stringify(
          usages.map((usage) => ({
            event_id: usage.eventId,
            iccid: usage.iccid,
            location: usage.location,
            used_mb: usage.usedMB,
            occurred_at: new Date(usage.occurredAt),
          })),
        ),
      ],
    );
    return rows.map((row) => row.iccid);
  }

  /**
   * ADR 0020: an adjustment counts once per eventId, the first one read kept (rows go in in the batch's order).
   * Returns the ICCIDs of the adjustments new to the table.
   */
  async insertAdjustments(adjustments: readonly BalanceAdjustment[]): Promise<string[]> {
    if (adjustments.length === 0) return [];
    const rows = await this.manager.query<{ iccid: string }[]>(
      `INSERT INTO balance_adjustment (event_id, iccid, kind, adjustment, occurred_at)
       SELECT * FROM json_to_recordset($1::json) AS r(event_id text, iccid text, kind text, adjustment jsonb,
                                                      occurred_at timestamptz)
       ON CONFLICT DO NOTHING RETURNING iccid`,
      [
        JSON.stringify(
          adjustments.map((adjustment) => ({
            event_id: adjustment.eventId,
            iccid: adjustment.iccid,
            kind: adjustment.kind,
            adjustment,
            occurred_at: new Date(adjustment.occurredAt),
          })),
        ),
      ],
    );
    return rows.map((row) => row.iccid);
  }

  /**
   * Locks each SIM's balances until the transaction ends (advisory locks, keyed by schema and ICCID, taken in one
   * order). A SIM's facts come from several topics, so batches of two partitions (or two instances) may both fold
   * it: each must read the facts the other committed, or the later commit would put back balances without them.
   * Taken after the batch's facts are written and before any are read, in the order of their keys, so two batches
   * wait for each other's SIMs one way only.
   */
  async lockSims(iccids: readonly string[]): Promise<void> {
    await this.manager.query(
      `SELECT pg_advisory_xact_lock(k) FROM (
         SELECT DISTINCT hashtextextended(current_schema() || '/sim_balance/' || iccid, 0) AS k
           FROM unnest($1::text[]) AS iccid ORDER BY k) AS keys`,
      [iccids],
    );
  }

  /** Every fact of each SIM, three statements for all of them. */
  async facts(iccids: readonly string[]): Promise<Map<string, SimFacts>> {
    const [credits, usages, adjustments] = [
      await this.manager.query<BalanceCreditEntity[]>(
        `${SELECT_CREDITS} WHERE iccid = ANY($1::text[])`,
        [iccids],
      ),
      await this.manager.query<BalanceUsageEntity[]>(
        `SELECT event_id AS "eventId", iccid, location, used_mb AS "usedMB", occurred_at AS "occurredAt"
           FROM balance_usage WHERE iccid = ANY($1::text[])`,
        [iccids],
      ),
      await this.manager.query<BalanceAdjustmentEntity[]>(
        `SELECT event_id AS "eventId", iccid, kind, adjustment, occurred_at AS "occurredAt"
           FROM balance_adjustment WHERE iccid = ANY($1::text[])`,
        [iccids],
      ),
    ];
    const facts = new Map<string, SimFacts>(
      iccids.map((iccid) => [iccid, { credits: [], usages: [], adjustments: [] }]),
    );
    for (const row of credits) facts.get(row.iccid)?.credits.push(row);
    for (const row of usages) facts.get(row.iccid)?.usages.push(row);
    for (const row of adjustments) facts.get(row.iccid)?.adjustments.push(row);
    return facts;
  }

  /** Replaces the balances of the given SIMs with `balances` (those of SIMs left without any are just deleted). */
  async replaceBalances(
    iccids: readonly string[],
    balances: readonly (BalanceState & { readonly iccid: string })[],
  ): Promise<void> {
    if (iccids.length === 0) return;
    await this.manager.query('DELETE FROM sim_balance WHERE iccid = ANY($1::text[])', [iccids]);
    if (balances.length === 0) return;
    await this.manager.query(
      `INSERT INTO sim_balance (iccid, opened_by, balance_type, data_mb, expires_at, locations)
       SELECT * FROM json_to_recordset($1::json) AS r(iccid text, opened_by text, balance_type text,
         data_mb double precision, expires_at timestamptz, locations text[])`,
      [
        JSON.stringify(
          balances.map((balance) => ({
            iccid: balance.iccid,
            opened_by: balance.openedBy,
            balance_type: balance.balanceType,
            data_mb: balance.dataMB,
            expires_at: new Date(balance.expiresAtMs),
            locations: balance.locations,
          })),
        ),
      ],
    );
  }

  /** NOTIFY is delivered on commit only: one statement for every payload. */
  async notify(channel: string, payloads: readonly string[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.manager.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [
      channel,
      payloads,
    ]);
  }
}

const SELECT_CREDITS = `SELECT transaction_id AS "transactionId", iccid, balance_type AS "balanceType",
  data_mb AS "dataMB", validity, locations, credited_at AS "creditedAt" FROM balance_credit`;
