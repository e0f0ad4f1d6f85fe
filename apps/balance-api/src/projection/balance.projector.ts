import {
  isOtherRecordKind,
  kafkaNames,
  type ProjectionBatch,
  type Projection,
} from '@mp/event-log';
import type { BalanceAdjustment, PurchaseEvent, UsageEvent } from '@mp/contracts';
import type { EntityManager } from 'typeorm';
import {
  foldBalances,
  type AdjustmentFact,
  type CreditFact,
  type PlanBalanceType,
} from '../balance/balance-fold';
import { adjustmentChangeOf } from '../balance/adjustment-change';
import { creditOf, type PurchaseCredit } from '../balance/purchase-credit';
import {
  BalanceAdjustmentEntity,
  BalanceCreditEntity,
  BalancePurchaseEntity,
  BalanceUsageEntity,
  SimBalanceEntity,
} from './entities';
import {
  decodeBalanceRecord,
  type BalanceInput,
  type ProjectedTopic,
} from './projection-record.decoder';

export const PROJECTION_NAME = 'balance';
/** Changed ICCIDs are announced here on commit, so every instance's read cache forgets them (ADR 0009). */
export const BALANCE_CHANGED_CHANNEL = 'mp_balance_changed';

export interface ProjectorOptions {
  /** The schema the tables are in: part of every change notice, since test runs share one database. */
  readonly schema: string;
  readonly namespace: string;
  readonly groupId: string;
  readonly now: () => Date;
  /** After each commit, with the ICCIDs whose balances changed. */
  readonly onApplied?: (changed: readonly string[]) => void;
}

/** Which projected topic each name is, under a Kafka namespace. */
export function projectedTopics(namespace: string): ReadonlyMap<string, ProjectedTopic> {
  const { topics } = kafkaNames(namespace);
  return new Map<string, ProjectedTopic>([
    [topics.purchaseEvents, 'purchaseEvents'],
    [topics.usage, 'usage'],
    [topics.balanceAdjustments, 'balanceAdjustments'],
  ]);
}

/**
 * The balance projection of the purchase event log, the usage topic and the balance adjustments topic, for the
 * checkpointed projection runner: a batch of one partition is applied in the runner's transaction, which also moves
 * that partition's checkpoint (G6). A purchase event applies once by its sequence number, a usage event and an
 * adjustment once by their eventId, whichever order a rebuild reads the topics in.
 */
export class BalanceProjector implements Projection<BalanceInput, string[]> {
  readonly name = PROJECTION_NAME;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly keyedByTransactionId: ReadonlySet<string>;
  private readonly roles: ReadonlyMap<string, ProjectedTopic>;

  constructor(private readonly options: ProjectorOptions) {
    this.roles = projectedTopics(options.namespace);
    this.groupId = options.groupId;
    this.topics = [...this.roles.keys()];
    this.keyedByTransactionId = new Set([kafkaNames(options.namespace).topics.purchaseEvents]);
  }

  skip(record: {
    readonly topic: string;
    readonly headers: Readonly<Record<string, string>>;
  }): boolean {
    // Ownership barriers and any later record kind on the log are not purchase events.
    return this.roles.get(record.topic) === 'purchaseEvents' && isOtherRecordKind(record.headers);
  }

  decode(json: unknown, record: { readonly topic: string }) {
    return decodeBalanceRecord(this.roles.get(record.topic) ?? 'usage', json);
  }

  /** Returns the ICCIDs whose balances changed. */
  async apply(manager: EntityManager, batch: ProjectionBatch<BalanceInput>): Promise<string[]> {
    const touched = new Set<string>();
    for (const { value } of batch.records) {
      switch (value.kind) {
        case 'purchaseEvent':
          for (const iccid of await this.applyPurchaseEvent(manager, value.event))
            touched.add(iccid);
          break;
        case 'usage':
          if (await this.applyUsage(manager, value.usage)) touched.add(value.usage.iccid);
          break;
        case 'adjustment':
          if (await this.applyAdjustment(manager, value.adjustment))
            touched.add(value.adjustment.iccid);
          break;
        default: {
          const _exhaustive: never = value;
          return _exhaustive;
        }
      }
    }
    for (const iccid of touched) await this.recompute(manager, iccid);
    await this.announce(manager, [...touched]);
    return [...touched];
  }

  afterCommit(changed: string[]): void {
    if (changed.length > 0) this.options.onApplied?.(changed);
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

  /** ADR 0020: the same adjustment (eventId) twice counts once; the first one read is kept. */
  private async applyAdjustment(
    manager: EntityManager,
    adjustment: BalanceAdjustment,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(BalanceAdjustmentEntity)
      .values({
        eventId: adjustment.eventId,
        iccid: adjustment.iccid,
        kind: adjustment.kind,
        adjustment,
        occurredAt: new Date(adjustment.occurredAt),
      })
      .orIgnore()
      .returning(['eventId'])
      .execute();
    return Array.isArray(result.raw) && result.raw.length > 0;
  }

  private async recompute(manager: EntityManager, iccid: string): Promise<void> {
    const credits = await manager.findBy(BalanceCreditEntity, { iccid });
    const usages = await manager.findBy(BalanceUsageEntity, { iccid });
    const adjustments = await manager.findBy(BalanceAdjustmentEntity, { iccid });
    const balances = foldBalances(
      credits.map(toCreditFact),
      usages.map((usage) => ({
        id: usage.eventId,
        atMs: usage.occurredAt.getTime(),
        location: usage.location,
        usedMB: usage.usedMB,
      })),
      adjustments.map(toAdjustmentFact),
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

function toAdjustmentFact(row: BalanceAdjustmentEntity): AdjustmentFact {
  return {
    id: row.eventId,
    atMs: row.occurredAt.getTime(),
    change: adjustmentChangeOf(row.adjustment as BalanceAdjustment),
  };
}
