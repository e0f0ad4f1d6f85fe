import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import type { Logger } from 'pino';
import { TextLimits } from '@mp/contracts';
import { isDatabaseUnavailable } from '@mp/database';
import type { ConsumedRecord } from '@mp/event-log';
import type { EvictedPurchase, EvictedPurchaseStore } from '../state/evicted-purchases.repository';
import { readSnapshot, type PurchaseSnapshot } from '../state/purchase-snapshot';
import type { PurchaseStore } from '../state/purchase-store';
import { orchestratorMetrics } from './orchestrator.metrics';

/**
 * Brings evicted purchases back before a batch is decided (ADR 0032): a record for a purchase this process does
 * not hold (by its key), or addressed by an ICCID no live purchase holds, may be a late input for a purchase that
 * ended long ago (an LPA error weeks later, a report repeated). Its saved snapshot is restored into the store, and
 * the input is decided exactly as if it had never left. Unknown there too, it is what it always was: a new purchase,
 * or an input for none. The lookup is one query per batch that has such records, and none for the rest. While
 * PostgreSQL is away such a batch waits (retried for about 40 s, then failed to the processor, which claims the
 * partition again): deciding it without the table could start an evicted purchase anew.
 */
export class EvictedPurchaseLoader {
  private readonly lookups: RetryPolicy;

  constructor(
    private readonly store: PurchaseStore,
    private readonly evicted: EvictedPurchaseStore,
    private readonly portalTopic: string,
    logger: Pick<Logger, 'warn'>,
  ) {
    this.lookups = retry(handleWhen(isDatabaseUnavailable), {
      maxAttempts: 12,
      backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 5000 }),
    });
    this.lookups.onRetry(({ attempt }) => {
      if (attempt === 1)
        logger.warn('PostgreSQL unavailable: inputs for purchases not in memory wait');
    });
  }

  async loadFor(
    partition: number,
    records: readonly ConsumedRecord[],
    addressedIccid: (record: ConsumedRecord) => string | null,
  ): Promise<void> {
    const ids = new Set<string>();
    const iccids = new Set<string>();
    for (const record of records) {
      const { key } = record;
      const held = key !== null && this.store.holds(key);
      if (!held && key !== null && key.length > 0 && key.length <= TextLimits.transactionId) {
        ids.add(key);
      }
      // Parsed again only where an unknown ICCID may lead elsewhere: an input keyed by a live purchase is its own,
      // but an LPA error, keyed by the launch that reports it, names the purchase by ICCID.
      if (held && record.topic !== this.portalTopic) continue;
      const iccid = addressedIccid(record);
      if (iccid !== null && this.store.ownerOfIccid(iccid) === null) iccids.add(iccid);
    }
    if (iccids.size > 0) {
      // Routing only: the input is forwarded to its purchase's partition, whose owner loads the purchase itself.
      const owners = await this.lookups.execute(() => this.evicted.ownersOfIccids([...iccids]));
      for (const [iccid, transactionId] of owners) this.store.iccids.set(transactionId, [iccid]);
    }
    if (ids.size === 0) return;
    const rows = await this.lookups.execute(() => this.evicted.load([...ids]));
    for (const row of rows.values()) {
      if (row.partition !== partition || this.store.holds(row.transactionId)) continue;
      this.store.restore(partition, restorable(row));
      orchestratorMetrics.loaded.inc();
    }
  }
}

/**
 * The saved snapshot, when this build's machine wrote it. One written by another machine is restored unreadable,
 * with the reason: its inputs park the purchase (G7) for support, who replays it from the log.
 */
function restorable(row: EvictedPurchase): PurchaseSnapshot {
  const read = readSnapshot(row.snapshot);
  if (read.ok) return read.snapshot;
  const saved = row.snapshot as Partial<PurchaseSnapshot> | null;
  return {
    machine: row.machine,
    transactionId: row.transactionId,
    sequence: row.sequence,
    state: null,
    unreadable: `evicted as ${read.reason}, which this version cannot restore`,
    parkingSequence: typeof saved?.parkingSequence === 'number' ? saved.parkingSequence : 0,
    parked: null,
    timers: [],
    iccids: [...row.iccids],
    lastEventAt: null,
  };
}
