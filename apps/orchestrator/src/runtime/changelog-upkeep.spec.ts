import type { ExactlyOnceProcessor, OutgoingMessage, TransactionPlan } from '@mp/event-log';
import { BatchWork } from '../processing/batch-work';
import type { EvictedPurchase, EvictedPurchaseStore } from '../state/evicted-purchases.repository';
import { PurchaseStore } from '../state/purchase-store';
import { balanceAdditionDecisions } from '../testing/decisions.fixture';
import { ChangelogUpkeep } from './changelog-upkeep';

/** Partition 0 owned; each plan committed at once, its records kept. */
function processor(committed: OutgoingMessage[]): ExactlyOnceProcessor {
  const fake: Pick<ExactlyOnceProcessor, 'ownedPartitions' | 'runInPartition'> = {
    ownedPartitions: () => [0],
    runInPartition: (_partition: number, decide: () => TransactionPlan | null) => {
      const plan = decide();
      committed.push(...(plan?.messages ?? []));
      plan?.afterCommit();
      return Promise.resolve(true);
    },
  };
  return fake as ExactlyOnceProcessor;
}

/** Refuses, as PostgreSQL does text it cannot hold (SQLSTATE 22P05), any batch holding `refused`. */
class Table implements EvictedPurchaseStore {
  readonly rows = new Map<string, EvictedPurchase>();
  constructor(private readonly refused: string) {}
  save(purchases: readonly EvictedPurchase[]): Promise<void> {
    if (purchases.some((row) => row.transactionId === this.refused)) {
      return Promise.reject(
        Object.assign(new Error('unsupported Unicode escape'), { code: '22P05' }),
      );
    }
    for (const row of purchases) this.rows.set(row.transactionId, row);
    return Promise.resolve();
  }
  load(): Promise<Map<string, EvictedPurchase>> {
    return Promise.resolve(new Map<string, EvictedPurchase>());
  }
  ownersOfIccids(): Promise<Map<string, string>> {
    return Promise.resolve(new Map<string, string>());
  }
}

function completed(store: PurchaseStore, transactionId: string): number {
  const work = new BatchWork(store, 0);
  const decided = balanceAdditionDecisions(transactionId);
  for (const { events, after } of decided) work.appendDecision(transactionId, events, after);
  work.applyTo(store);
  return Date.parse(decided.at(-1)!.events.at(-1)!.metadata.occurredAt);
}

describe('ChangelogUpkeep evicts ended purchases (ADR 0032)', () => {
  it('saves them, then tombstones them, and keeps in memory the one PostgreSQL cannot store', async () => {
    const store = new PurchaseStore();
    const ended = ['tx-a', 'tx-\u0000', 'tx-b'].map((id) => completed(store, id));
    const committed: OutgoingMessage[] = [];
    const table = new Table('tx-\u0000');
    const warnings: string[] = [];
    const upkeep = new ChangelogUpkeep(
      store,
      processor(committed),
      table,
      { changelogTopic: 'changelog', evictAfterMs: 1000, everyMs: 1000, recordsPerTransaction: 10 },
      () => Math.max(...ended) + 1000,
      {
        info: () => undefined,
        warn: (_: unknown, message: string) => warnings.push(message),
      } as never,
    );
    await upkeep.tick();
    expect([...table.rows.keys()].sort()).toEqual(['tx-a', 'tx-b']);
    expect(committed.map((message) => [message.key, message.value])).toEqual([
      ['purchase:tx-a', null],
      ['purchase:tx-b', null],
    ]);
    expect(store.holds('tx-a') || store.holds('tx-b')).toBe(false);
    expect(store.holds('tx-\u0000')).toBe(true);
    expect(warnings).toEqual(['an ended purchase PostgreSQL cannot store stays in memory']);
    await upkeep.tick();
    expect(warnings).toHaveLength(1);
  });
});
