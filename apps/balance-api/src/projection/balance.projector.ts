import {
  KeptFolds,
  isOtherRecordKind,
  kafkaNames,
  type ProjectionBatch,
  type Projection,
} from '@mp/event-log';
import type { BalanceAdjustment, PurchaseEvent, UsageEvent } from '@mp/contracts';
import type { EntityManager } from 'typeorm';
import { BalanceTables, type PurchaseAppend } from './balance-tables';
import {
  foldBalances,
  type AdjustmentFact,
  type CreditFact,
  type PlanBalanceType,
} from '../balance/balance-fold';
import { adjustmentChangeOf } from '../balance/adjustment-change';
import {
  creditFrom,
  emptyCreditFold,
  foldCredit,
  type CreditFold,
  type PurchaseCredit,
} from '../balance/purchase-credit';
import type { BalanceAdjustmentEntity, BalanceCreditEntity } from './entities';
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

/** The credit folds a batch reached, by transactionId, with the last sequence each stored history now holds. */
type KeptCredits = Map<string, { readonly at: number; readonly fold: CreditFold }>;

/** What a committed batch changed: the ICCIDs whose balances changed, and the folds to keep. */
export interface AppliedBalances {
  readonly changed: string[];
  readonly folds: KeptCredits;
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
export class BalanceProjector implements Projection<BalanceInput, AppliedBalances> {
  readonly name = PROJECTION_NAME;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly keyedByTransactionId: ReadonlySet<string>;
  /** Balances are folded under a lock per SIM (BalanceTables.lockSims), so partitions may be applied at once. */
  readonly partitionsConsumedConcurrently = 4;
  private readonly roles: ReadonlyMap<string, ProjectedTopic>;
  /** Each purchase's credit fold at its last committed batch, filed under its stored last sequence (ADR 0033). */
  private readonly folds = new KeptFolds<CreditFold>();

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

  /**
   * Returns the ICCIDs whose balances changed. The batch's records are applied together, a fixed number of
   * statements for the whole batch (BalanceTables), with what each record would have done alone: a purchase event
   * once by its sequence number, a usage event and an adjustment once by their eventId; then the balances of every
   * SIM whose facts changed are folded again.
   */
  async apply(
    manager: EntityManager,
    batch: ProjectionBatch<BalanceInput>,
  ): Promise<AppliedBalances> {
    const tables = new BalanceTables(manager);
    const events = new Map<string, PurchaseEvent[]>();
    const usages: UsageEvent[] = [];
    const adjustments: BalanceAdjustment[] = [];
    for (const { value } of batch.records) {
      switch (value.kind) {
        case 'purchaseEvent': {
          const id = value.event.metadata.transactionId;
          const list = events.get(id);
          if (list === undefined) events.set(id, [value.event]);
          else list.push(value.event);
          break;
        }
        case 'usage':
          usages.push(value.usage);
          break;
        case 'adjustment':
          adjustments.push(value.adjustment);
          break;
        default: {
          const _exhaustive: never = value;
          return _exhaustive;
        }
      }
    }
    const folds: KeptCredits = new Map();
    const touched = new Set(await this.applyPurchaseEvents(tables, events, folds));
    for (const iccid of await tables.insertUsage(usages)) touched.add(iccid);
    for (const iccid of await tables.insertAdjustments(adjustments)) touched.add(iccid);
    await this.recompute(tables, [...touched]);
    await this.announce(tables, [...touched]);
    return { changed: [...touched], folds };
  }

  afterCommit({ changed, folds }: AppliedBalances): void {
    // Only what committed is kept: a batch rolled back leaves the folds of the last one that did not.
    for (const [id, { at, fold }] of folds) this.folds.keep(id, at, fold);
    if (changed.length > 0) this.options.onApplied?.(changed);
  }

  /**
   * Appends each purchase's new events (idempotent per event: a purchase's events carry increasing sequence
   * numbers) and steps its credit fold on with them, once per purchase, from the fold kept at the stored history's
   * last sequence (ADR 0033; the histories of purchases without one are read back and folded); returns the SIMs
   * whose credit moved. A credit is compared as it was before the batch and after it, not after each event: the
   * rows come out the same (balances are folded from the credits the batch leaves), and the fold runs once per
   * purchase, not per event.
   */
  private async applyPurchaseEvents(
    tables: BalanceTables,
    events: ReadonlyMap<string, readonly PurchaseEvent[]>,
    kept: KeptCredits,
  ): Promise<string[]> {
    if (events.size === 0) return [];
    const ids = [...events.keys()];
    const positions = await tables.positions(ids);
    const from = new Map<string, CreditFold>();
    const unread: string[] = [];
    for (const id of ids) {
      const last = positions.get(id)?.lastSequence;
      const fold = last === undefined ? emptyCreditFold() : this.folds.at(id, last);
      if (fold === undefined) unread.push(id);
      else from.set(id, fold);
    }
    for (const [id, history] of await tables.histories(unread))
      from.set(id, foldCredit(emptyCreditFold(), history));
    const saved: PurchaseAppend[] = [];
    const credits = new Map<string, PurchaseCredit | null>();
    const updatedAt = this.options.now();
    for (const [transactionId, fresh] of events) {
      const stored = positions.get(transactionId)?.lastSequence;
      let last = stored;
      const added: PurchaseEvent[] = [];
      for (const event of fresh) {
        if (last !== undefined && event.metadata.sequence <= last) continue;
        added.push(event);
        last = event.metadata.sequence;
      }
      if (last === undefined || added.length === 0) continue;
      const fold = foldCredit(from.get(transactionId)!, added);
      kept.set(transactionId, { at: last, fold });
      const credit = creditFrom(fold);
      credits.set(transactionId, credit);
      saved.push({
        transactionId,
        lastSequence: last,
        added,
        creditIccid: credit?.iccid ?? null,
        updatedAt,
      });
    }
    await tables.savePurchases(saved);
    const before = await tables.credits([...credits.keys()]);
    const moved = [...credits].filter(([id, credit]) => !sameCredit(before.get(id), credit));
    await tables.replaceCredits(
      moved.filter(([id]) => before.has(id)).map(([id]) => id),
      moved.flatMap(([id, credit]) => (credit === null ? [] : [creditRow(id, credit)])),
    );
    return moved.flatMap(([id, credit]) =>
      [before.get(id)?.iccid, credit?.iccid].filter((iccid) => iccid !== undefined),
    );
  }

  private async recompute(tables: BalanceTables, iccids: readonly string[]): Promise<void> {
    if (iccids.length === 0) return;
    await tables.lockSims(iccids);
    const balances = [...(await tables.facts(iccids))].flatMap(([iccid, facts]) =>
      foldBalances(
        facts.credits.map(toCreditFact),
        facts.usages.map((usage) => ({
          id: usage.eventId,
          atMs: usage.occurredAt.getTime(),
          location: usage.location,
          usedMB: usage.usedMB,
        })),
        facts.adjustments.map(toAdjustmentFact),
      ).map((balance) => ({ ...balance, iccid })),
    );
    await tables.replaceBalances(iccids, balances);
  }

  private async announce(tables: BalanceTables, iccids: readonly string[]): Promise<void> {
    // Payloads stay well under PostgreSQL's 8000-byte limit.
    const payloads: string[] = [];
    for (let start = 0; start < iccids.length; start += 300) {
      payloads.push(`${this.options.schema}:${iccids.slice(start, start + 300).join(',')}`);
    }
    await tables.notify(BALANCE_CHANGED_CHANNEL, payloads);
  }
}

function sameCredit(
  before: BalanceCreditEntity | undefined,
  credit: PurchaseCredit | null,
): boolean {
  if (before === undefined || credit === null) return before === undefined && credit === null;
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
