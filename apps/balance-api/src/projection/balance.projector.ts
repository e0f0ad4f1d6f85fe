import { ProjectionCheckpoints } from '@mp/database';
import {
  maxRejectedValueLength,
  type PurchaseEvent,
  type RejectedRecord,
  type UsageEvent,
} from '@mp/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { foldBalances, type CreditFact, type PlanBalanceType } from '../balance/balance-fold';
import { creditOf, type PurchaseCredit } from '../balance/purchase-credit';
import {
  BalanceCreditEntity,
  BalancePurchaseEntity,
  BalanceUsageEntity,
  SimBalanceEntity,
} from './entities';
import {
  decodeProjectionRecord,
  keyOf,
  type ProjectedTopic,
  type RawMessage,
} from './projection-record.decoder';

export const PROJECTION_NAME = 'balance';
const checkpoints = new ProjectionCheckpoints(PROJECTION_NAME);
/** Changed ICCIDs are announced here on commit, so every instance's read cache forgets them (ADR 0009). */
export const BALANCE_CHANGED_CHANNEL = 'mp_balance_changed';

export interface ProjectorOptions {
  readonly dataSource: DataSource;
  /** The schema the tables are in: part of every change notice, since test runs share one database. */
  readonly schema: string;
  readonly topicRoles: Readonly<Record<string, ProjectedTopic>>;
  /** Keeps invalid records where support can find them (G8); called before the batch commits. */
  readonly reject: (records: readonly RejectedRecord[]) => Promise<void>;
  readonly now: () => Date;
}

/**
 * Applies Kafka records to the balance tables. One batch of one partition is one PostgreSQL transaction that also
 * moves that partition's checkpoint (G6): records below the stored offset were applied already and are skipped,
 * so a redelivery changes nothing, and a rebuild starts from an empty checkpoint.
 */
export class BalanceProjector {
  constructor(private readonly options: ProjectorOptions) {}

  /** Returns the ICCIDs whose balances changed. */
  async applyBatch(
    topic: string,
    partition: number,
    messages: readonly RawMessage[],
  ): Promise<string[]> {
    const role = this.options.topicRoles[topic];
    const last = messages.at(-1);
    if (role === undefined || last === undefined) return [];
    return this.options.dataSource.transaction(async (manager) => {
      const next = await checkpoints.lock(manager, topic, partition);
      const fresh = messages.filter((message) => BigInt(message.offset) >= next);
      if (fresh.length === 0) return [];
      const touched = new Set<string>();
      const rejected: RejectedRecord[] = [];
      for (const message of fresh) {
        const record = decodeProjectionRecord(role, message);
        switch (record.kind) {
          case 'purchaseEvent':
            for (const iccid of await this.applyPurchaseEvent(manager, record.event))
              touched.add(iccid);
            break;
          case 'usage':
            if (await this.applyUsage(manager, record.usage)) touched.add(record.usage.iccid);
            break;
          case 'skipped':
            break;
          case 'invalid':
            rejected.push(this.rejection(topic, partition, message, record));
            break;
          default: {
            const _exhaustive: never = record;
            return _exhaustive;
          }
        }
      }
      for (const iccid of touched) await this.recompute(manager, iccid);
      await checkpoints.advance(manager, topic, partition, BigInt(last.offset) + 1n);
      await this.announce(manager, [...touched]);
      if (rejected.length > 0) await this.options.reject(rejected);
      return [...touched];
    });
  }

  /** The stored next offset of each partition of `topic` that has one. */
  async checkpoints(topic: string): Promise<Map<number, string>> {
    const stored = await checkpoints.all(this.options.dataSource, topic);
    return new Map(stored.map((row) => [row.partition, row.nextOffset.toString()]));
  }

  /** Folds the purchase through the machine again with this event; returns the SIMs whose credit moved. */
  private async applyPurchaseEvent(
    manager: EntityManager,
    event: PurchaseEvent,
  ): Promise<string[]> {
    const transactionId = event.metadata.transactionId;
    const row = await manager.findOneBy(BalancePurchaseEntity, { transactionId });
    // Idempotent per event: a purchase's events carry increasing sequence numbers.
    if (row !== null && event.metadata.sequence <= row.lastSequence) return [];
    const events = [...((row?.events ?? []) as PurchaseEvent[]), event];
    const credit = creditOf(events);
    const before = await manager.findOneBy(BalanceCreditEntity, { transactionId });
    await manager.save(BalancePurchaseEntity, {
      transactionId,
      lastSequence: event.metadata.sequence,
      events,
      creditIccid: credit?.iccid ?? null,
      updatedAt: this.options.now(),
    });
    if (sameCredit(before, credit)) return [];
    if (before !== null) await manager.delete(BalanceCreditEntity, { transactionId });
    if (credit !== null)
      await manager.insert(BalanceCreditEntity, creditRow(transactionId, credit));
    return [before?.iccid, credit?.iccid].filter((iccid): iccid is string => iccid !== undefined);
  }

  /** D17: the same usage event twice counts once. */
  private async applyUsage(manager: EntityManager, usage: UsageEvent): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(BalanceUsageEntity)
      .values({
        eventId: usage.eventId,
        iccid: usage.iccid,
        location: usage.location,
        usedMB: usage.usedMB,
        occurredAt: new Date(usage.occurredAt),
      })
      .orIgnore()
      .returning(['eventId'])
      .execute();
    return Array.isArray(result.raw) && result.raw.length > 0;
  }

  private async recompute(manager: EntityManager, iccid: string): Promise<void> {
    const credits = await manager.findBy(BalanceCreditEntity, { iccid });
    const usages = await manager.findBy(BalanceUsageEntity, { iccid });
    const balances = foldBalances(
      credits.map(toCreditFact),
      usages.map((usage) => ({
        id: usage.eventId,
        atMs: usage.occurredAt.getTime(),
        location: usage.location,
        usedMB: usage.usedMB,
      })),
    );
    await manager.delete(SimBalanceEntity, { iccid });
    if (balances.length === 0) return;
    await manager.insert(
      SimBalanceEntity,
      balances.map((balance) => ({
        iccid,
        openedBy: balance.openedBy,
        balanceType: balance.balanceType,
        dataMB: balance.dataMB,
        expiresAt: new Date(balance.expiresAtMs),
        locations: [...balance.locations],
      })),
    );
  }

  private async announce(manager: EntityManager, iccids: readonly string[]): Promise<void> {
    // NOTIFY is delivered on commit only; payloads stay well under PostgreSQL's 8000-byte limit.
    for (let start = 0; start < iccids.length; start += 300) {
      const payload = `${this.options.schema}:${iccids.slice(start, start + 300).join(',')}`;
      await manager.query('SELECT pg_notify($1, $2)', [BALANCE_CHANGED_CHANNEL, payload]);
    }
  }

  private rejection(
    topic: string,
    partition: number,
    message: RawMessage,
    record: {
      code: string;
      reason: string;
      parameter: string | null;
      transactionId: string | null;
    },
  ): RejectedRecord {
    return {
      rejectionId: `${PROJECTION_NAME}:${topic}:${partition}:${message.offset}`,
      source: { topic, partition, offset: message.offset, key: keyOf(message) },
      transactionId: record.transactionId,
      code: record.code,
      reason: record.reason,
      parameter: record.parameter,
      value: (message.value?.toString('utf8') ?? '').slice(0, maxRejectedValueLength),
      rejectedAt: this.options.now().toISOString(),
    };
  }
}

function sameCredit(before: BalanceCreditEntity | null, credit: PurchaseCredit | null): boolean {
  if (before === null || credit === null) return before === credit;
  return (
    before.iccid === credit.iccid && before.creditedAt.getTime() === Date.parse(credit.completedAt)
  );
}

function creditRow(transactionId: string, credit: PurchaseCredit): BalanceCreditEntity {
  return {
    transactionId,
    iccid: credit.iccid,
    balanceType: credit.plan.balanceType,
    dataMB: credit.plan.dataMB,
    validity: credit.plan.validity,
    locations: [...credit.plan.locations],
    creditedAt: new Date(credit.completedAt),
  };
}

function toCreditFact(row: BalanceCreditEntity): CreditFact {
  return {
    id: row.transactionId,
    atMs: row.creditedAt.getTime(),
    balanceType: row.balanceType as PlanBalanceType,
    dataMB: row.dataMB,
    validity: row.validity,
    locations: row.locations,
  };
}
