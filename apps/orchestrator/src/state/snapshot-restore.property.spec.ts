import { type PurchaseEvent } from '@mp/contracts';
import { admitInput, decideFrom, foldState, stateAfter } from '@mp/purchase-machine';
import fc from 'fast-check';
import { inputPool } from '../../../../libs/purchase-machine/src/testing/input-pool.fixture';
import {
  currentSettings,
  inputs,
  seedSettings,
} from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { BatchWork } from '../processing/batch-work';
import { EvictedPurchaseLoader } from '../runtime/evicted-purchase.loader';
import { snapshotMessage } from './changelog-records';
import type { EvictedPurchase, EvictedPurchaseStore } from './evicted-purchases.repository';
import { toSnapshot } from './purchase-entry';
import { readSnapshot } from './purchase-snapshot';
import { PurchaseStore } from './purchase-store';
import { decisionAnswer as answer } from '../../../../libs/purchase-machine/src/testing/decision-answer.fixture';

const TX = 'tx-property';

/** PostgreSQL's part, as a jsonb column gives values back: JSON, not the objects saved. */
class JsonRows implements EvictedPurchaseStore {
  private readonly rows = new Map<string, string>();

  save(purchases: readonly EvictedPurchase[]): Promise<void> {
    for (const row of purchases) this.rows.set(row.transactionId, JSON.stringify(row));
    return Promise.resolve();
  }

  load(transactionIds: readonly string[]): Promise<Map<string, EvictedPurchase>> {
    const found = transactionIds.flatMap((id) => {
      const row = this.rows.get(id);
      return row === undefined ? [] : [[id, JSON.parse(row) as EvictedPurchase] as const];
    });
    return Promise.resolve(new Map(found));
  }

  ownersOfIccids(): Promise<Map<string, string>> {
    return Promise.resolve(new Map<string, string>());
  }
}

type Move = 'stay' | 'failover' | 'evict';

/**
 * One purchase driven by random inputs the way the orchestrator runs it: each decision from the store's kept state,
 * committed through a batch's work with its changelog record; between inputs the purchase stays, moves to a new
 * process that restores it from its last changelog record (a failover), or is evicted to the table and loaded back
 * for its next input. At every input the decision must be the one a fold of the whole log gives, and the store must
 * hold what a partition rebuilt from the log holds (state, timers, ICCIDs, sequence).
 */
async function drive(
  picks: readonly number[],
  moves: readonly Move[],
  settings: typeof seedSettings,
): Promise<void> {
  const t = inputs(TX);
  const history: PurchaseEvent[] = [];
  const table = new JsonRows();
  let store = new PurchaseStore();
  let changelog: string | null = null;
  for (const [index, pick] of picks.entries()) {
    const next = inputPool[pick % inputPool.length]!(t);
    const folded = foldState(history);
    const input = typeof next === 'function' ? next(folded.snapshot.context) : next;
    const admitted = admitInput(input);
    await new EvictedPurchaseLoader(store, table, 'portal', console).loadFor(
      0,
      [
        {
          topic: 'in',
          partition: 0,
          offset: '0',
          key: TX,
          value: null,
          headers: {},
          timestamp: '0',
        },
      ],
      () => null,
    );
    const reference = decideFrom(folded, admitted, settings);
    const kept = store.state(TX);
    const decision = decideFrom(kept, admitted, settings);
    expect(answer(decision)).toEqual(answer(reference));

    const work = new BatchWork(store, 0);
    if (decision.events.length > 0)
      work.appendDecision(TX, decision.events, stateAfter(kept, decision));
    for (const entry of work.entriesAfter()) {
      changelog = snapshotMessage('changelog', 0, toSnapshot(entry)).value;
    }
    work.applyTo(store);
    history.push(...reference.events);

    const rebuilt = new PurchaseStore();
    for (const event of history) rebuilt.applyEvent(0, event);
    if (history.length > 0) expect(store.snapshot(TX)).toEqual(rebuilt.snapshot(TX));

    const move = moves[index % moves.length]!;
    if (move === 'failover' && changelog !== null) {
      store = new PurchaseStore();
      const read = readSnapshot(JSON.parse(changelog));
      if (!read.ok) throw new Error(read.reason);
      store.restore(0, read.snapshot);
    } else if (move === 'evict' && store.holds(TX)) {
      const snapshot = store.snapshot(TX)!;
      await table.save([
        {
          transactionId: TX,
          partition: 0,
          sequence: snapshot.sequence,
          machine: snapshot.machine,
          snapshot,
          iccids: snapshot.iccids,
        },
      ]);
      store.evict(TX);
      expect(store.holds(TX)).toBe(false);
    }
  }
}

describe('a purchase restored from its snapshot decides as the fold of its log (issue 14, ADR 0032)', () => {
  it('across failovers to a process that restores it from the changelog, and evictions with reloads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: inputPool.length - 1 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.constantFrom<Move>('stay', 'failover', 'evict'), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.constantFrom(seedSettings, currentSettings),
        async (picks, moves, settings) => drive(picks, moves, settings),
      ),
      { numRuns: 200 },
    );
  });
});
