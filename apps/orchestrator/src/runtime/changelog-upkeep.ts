import type { Logger } from 'pino';
import type { ExactlyOnceProcessor, TransactionPlan } from '@mp/event-log';
import { tombstoneMessage } from '../state/changelog-records';
import type { EvictedPurchaseStore } from '../state/evicted-purchases.repository';
import type { PurchaseSnapshot } from '../state/purchase-snapshot';
import type { PurchaseStore } from '../state/purchase-store';
import { orchestratorMetrics } from './orchestrator.metrics';
import { PeriodicRound } from './periodic-round';

export interface UpkeepSettings {
  readonly changelogTopic: string;
  /** How long an ended purchase stays in memory (ORCHESTRATOR_EVICT_AFTER_SECONDS). */
  readonly evictAfterMs: number;
  readonly everyMs: number;
  /** Snapshots and tombstones per transaction at most. */
  readonly recordsPerTransaction: number;
}

/**
 * Eviction, on each owned partition in turn (ADR 0032), in transactions fenced like any decision: a purchase ended
 * for `evictAfterMs`, with no timer and not parked, is saved to PostgreSQL first and then tombstoned; a purchase
 * decided in between stays (its saved row is overwritten at its next eviction).
 */
export class ChangelogUpkeep {
  /** Purchases whose snapshot PostgreSQL refuses to store (text it cannot hold): they stay in memory. */
  private readonly unstorable = new Set<string>();
  private readonly rounds: PeriodicRound;

  constructor(
    private readonly store: PurchaseStore,
    private readonly processor: ExactlyOnceProcessor,
    private readonly evicted: EvictedPurchaseStore,
    private readonly settings: UpkeepSettings,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.rounds = new PeriodicRound(
      settings.everyMs,
      () => this.round(),
      logger,
      'changelog upkeep failed; the next round retries',
    );
  }

  start(): void {
    this.rounds.start();
  }

  stop(): void {
    this.rounds.stop();
  }

  /** Runs one round now (what the interval does); resolves when it is done. */
  tick(): Promise<void> {
    return this.rounds.run();
  }

  private async round(): Promise<void> {
    try {
      for (const partition of this.processor.ownedPartitions()) await this.keep(partition);
    } finally {
      orchestratorMetrics.livePurchases.set(this.store.size().purchases);
    }
  }

  private async keep(partition: number): Promise<void> {
    const limit = this.settings.recordsPerTransaction;
    for (;;) {
      const candidates = this.store
        .evictable(partition, this.now(), this.settings.evictAfterMs, limit + this.unstorable.size)
        .filter((transactionId) => !this.unstorable.has(transactionId))
        .slice(0, limit)
        .map((transactionId) => this.store.snapshot(transactionId)!);
      const evicting = await this.saved(candidates, partition);
      if (evicting.length === 0) return;
      const committed = await this.processor.runInPartition(partition, () =>
        this.plan(partition, evicting),
      );
      if (!committed || candidates.length < limit) return;
    }
  }

  /**
   * The snapshots PostgreSQL has stored, which may now be tombstoned. When the batch is refused, each is tried on its
   * own: one the database refuses as data it cannot hold (SQLSTATE class 22 or 23: a transactionId or a plan name
   * with U+0000, which jsonb cannot store) stays in memory from then on, logged once; any other failure (the
   * database away) fails the round, to be retried.
   */
  private async saved(
    snapshots: readonly PurchaseSnapshot[],
    partition: number,
  ): Promise<PurchaseSnapshot[]> {
    if (snapshots.length === 0) return [];
    const rows = snapshots.map((snapshot) => evictedRow(snapshot, partition));
    try {
      await this.evicted.save(rows);
      return [...snapshots];
    } catch (error) {
      if (!refusesData(error)) throw error;
    }
    const stored: PurchaseSnapshot[] = [];
    for (const [index, snapshot] of snapshots.entries()) {
      try {
        await this.evicted.save([rows[index]!]);
        stored.push(snapshot);
      } catch (error) {
        if (!refusesData(error)) throw error;
        this.unstorable.add(snapshot.transactionId);
        const fields = { transactionId: snapshot.transactionId, err: error };
        this.logger.warn(fields, 'an ended purchase PostgreSQL cannot store stays in memory');
      }
    }
    return stored;
  }

  private plan(partition: number, evicting: readonly PurchaseSnapshot[]): TransactionPlan {
    // Decided since it was saved: it stays live (and its saved row is only overwritten by a later eviction).
    const gone = evicting.filter((saved) => {
      const now = this.store.entry(saved.transactionId);
      return (
        now !== undefined &&
        now.sequence === saved.sequence &&
        now.parkingSequence === saved.parkingSequence
      );
    });
    const { changelogTopic: topic } = this.settings;
    return {
      messages: gone.map((saved) => tombstoneMessage(topic, partition, saved.transactionId)),
      afterCommit: () => {
        for (const saved of gone) this.store.evict(saved.transactionId);
        orchestratorMetrics.evicted.inc(gone.length);
      },
    };
  }
}

function evictedRow(snapshot: PurchaseSnapshot, partition: number) {
  return {
    transactionId: snapshot.transactionId,
    partition,
    sequence: snapshot.sequence,
    machine: snapshot.machine,
    snapshot,
    iccids: snapshot.iccids,
  };
}

/** Whether PostgreSQL refused the values themselves (data exception, integrity constraint), not the connection. */
function refusesData(error: unknown): boolean {
  const { code, driverError } = (error ?? {}) as {
    code?: unknown;
    driverError?: { code?: unknown };
  };
  const state = typeof code === 'string' ? code : driverError?.code;
  return typeof state === 'string' && (state.startsWith('22') || state.startsWith('23'));
}
