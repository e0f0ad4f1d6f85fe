import { loadOrchestratorConfig } from '@mp/config';
import { createDataSource, migrateDatabase } from '@mp/database';
import type { DataSource, EntityManager } from 'typeorm';
import { orchestratorApp } from '../../apps/orchestrator/src/orchestrator.app';
import {
  EvictedPurchases,
  type EvictedPurchase,
} from '../../apps/orchestrator/src/state/evicted-purchases.repository';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';

// ADR 0032: the purchases the orchestrator evicts from memory, in its own tables in the real PostgreSQL (a schema of
// this suite's own, migrated as the app migrates at start).

const { database } = loadOrchestratorConfig(testEnvironment(isolatedEnvironment('evicted')));
let db: DataSource;
/** The repository on a connection that records each statement it is sent. */
let counted: { purchases: EvictedPurchases; statements: string[] };

beforeAll(async () => {
  await migrateDatabase(database, orchestratorApp.migrations);
  db = await createDataSource(database, { applicationName: 'evicted-purchases-spec' }).initialize();
  counted = countingRepository(db);
});

afterAll(async () => {
  await db?.query(`DROP SCHEMA IF EXISTS "${database.schema}" CASCADE`);
  await db?.destroy();
});

beforeEach(() => {
  counted.statements.length = 0;
});

let serial = 0;
/** A purchase of its own (a fresh id and ICCIDs), with a snapshot that jsonb has to keep whole. */
function purchase(overrides: Partial<EvictedPurchase> = {}): EvictedPurchase {
  serial += 1;
  const n = String(serial).padStart(6, '0');
  return {
    transactionId: `tx-${n}`,
    partition: serial % 4,
    sequence: 7,
    machine: 'purchase-machine:3f2a9c',
    snapshot: {
      state: { value: 'completed', context: { plan: 'Test "plan" \\ ünïcødé ✓', dataMB: 500.5 } },
      parking: { sequence: 0, parked: false },
      timers: [],
      flags: [true, false, null],
      deep: { a: { b: { c: [1, [2, [3]]] } } },
    },
    iccids: [`8988247000${n}0001`, `8988247000${n}0002`],
    ...overrides,
  };
}

/** As load gives a purchase back: its ICCIDs in ICCID order. */
const asLoaded = (saved: EvictedPurchase): EvictedPurchase => ({
  ...saved,
  iccids: [...new Set(saved.iccids)].sort(),
});

describe('the orchestrator migration set', () => {
  it('creates the tables in a schema, records itself under its owner, and rolls back', async () => {
    const { database: own } = loadOrchestratorConfig(
      testEnvironment(isolatedEnvironment('evicted_mig')),
    );
    try {
      expect(await migrateDatabase(own, orchestratorApp.migrations)).toEqual([
        { owner: 'orchestrator', applied: ['EvictedPurchases1796342400000'] },
      ]);
      expect(await migrateDatabase(own, orchestratorApp.migrations)).toEqual([
        { owner: 'orchestrator', applied: [] },
      ]);
      expect(await tablesOf(own.schema)).toEqual(['evicted_iccids', 'evicted_purchases']);

      const [set] = orchestratorApp.migrations;
      const owner = await createDataSource(own, { migrations: set }).initialize();
      try {
        await owner.undoLastMigration();
      } finally {
        await owner.destroy();
      }
      expect(await tablesOf(own.schema)).toEqual([]);
    } finally {
      await db.query(`DROP SCHEMA IF EXISTS "${own.schema}" CASCADE`);
    }
  });
});

describe('EvictedPurchases', () => {
  it('loads what it saved: the snapshot as the same JSON value, and the ICCIDs', async () => {
    const first = purchase();
    const second = purchase({ iccids: [] });

    await counted.purchases.save([first, second]);
    const loaded = await counted.purchases.load([first.transactionId, second.transactionId]);

    expect(loaded).toEqual(
      new Map([
        [first.transactionId, asLoaded(first)],
        [second.transactionId, asLoaded(second)],
      ]),
    );
    expect(await counted.purchases.load(['tx-never-saved'])).toEqual(new Map());
  });

  it('replaces a purchase saved again, its ICCIDs too (an ICCID it no longer holds has no owner)', async () => {
    const before = purchase();
    const [kept, dropped] = before.iccids as [string, string];
    const added = `${kept.slice(0, -4)}0003`;
    const after: EvictedPurchase = {
      ...before,
      partition: 3,
      sequence: 12,
      machine: 'purchase-machine:77e0b1',
      snapshot: { state: { value: 'failed' }, list: ['x'] },
      iccids: [added, kept],
    };
    await counted.purchases.save([before]);
    const [{ evicted_at: firstEviction }] = await evictedAt(before.transactionId);

    await counted.purchases.save([after]);
    await counted.purchases.save([after]);

    expect(
      (await counted.purchases.load([before.transactionId])).get(before.transactionId),
    ).toEqual(asLoaded(after));
    expect(await counted.purchases.ownersOfIccids([kept, dropped, added])).toEqual(
      new Map([
        [kept, before.transactionId],
        [added, before.transactionId],
      ]),
    );
    const [{ evicted_at: lastEviction }] = await evictedAt(before.transactionId);
    expect(lastEviction.getTime()).toBeGreaterThanOrEqual(firstEviction.getTime());
  });

  it('stores a purchase listed twice in one save as its last entry', async () => {
    const first = purchase();
    const again: EvictedPurchase = { ...first, sequence: 9, iccids: [first.iccids[0]!] };

    await counted.purchases.save([first, again]);

    expect((await counted.purchases.load([first.transactionId])).get(first.transactionId)).toEqual(
      asLoaded(again),
    );
    expect(await counted.purchases.ownersOfIccids([...first.iccids])).toEqual(
      new Map([[first.iccids[0]!, first.transactionId]]),
    );
  });

  it('names the owner of each evicted ICCID asked for; an ICCID saved for a later purchase is that one’s', async () => {
    const earlier = purchase();
    const later = purchase({ iccids: [earlier.iccids[1]!] });
    const unknown = '89882470000000009999';
    await counted.purchases.save([earlier]);
    await counted.purchases.save([later]);
    counted.statements.length = 0;

    const owners = await counted.purchases.ownersOfIccids([
      earlier.iccids[0]!,
      earlier.iccids[1]!,
      unknown,
      earlier.iccids[0]!,
    ]);

    expect(owners).toEqual(
      new Map([
        [earlier.iccids[0]!, earlier.transactionId],
        [earlier.iccids[1]!, later.transactionId],
      ]),
    );
    expect(counted.statements).toHaveLength(1);
    expect(
      (await counted.purchases.load([earlier.transactionId])).get(earlier.transactionId)?.iccids,
    ).toEqual([earlier.iccids[0]]);
  });

  it('answers empty input at once, without a query', async () => {
    const offline = new EvictedPurchases(unusable());

    await expect(offline.save([])).resolves.toBeUndefined();
    await expect(offline.load([])).resolves.toEqual(new Map());
    await expect(offline.ownersOfIccids([])).resolves.toEqual(new Map());
  });

  it('keeps hostile ids as the strings they are, and finds nothing (without an error) for unstorable ones', async () => {
    const hostile = [
      "x'; DROP TABLE evicted_purchases; --",
      '__proto__',
      'constructor',
      '{"a",b}',
      'NULL',
      '"',
      '\\',
      '$1',
      ' padded ',
      // 64 characters of two UTF-16 code units each: the column's bound counts characters.
      '😀'.repeat(64),
      'x'.repeat(64),
    ].map((transactionId, index) =>
      purchase({ transactionId, iccids: [`8988247001${String(index).padStart(9, '0')}`] }),
    );
    await counted.purchases.save(hostile);
    counted.statements.length = 0;

    const loaded = await counted.purchases.load(hostile.map((p) => p.transactionId));

    expect(loaded).toEqual(new Map(hostile.map((p) => [p.transactionId, asLoaded(p)])));
    expect(counted.statements).toHaveLength(1);
    expect(await counted.purchases.ownersOfIccids(hostile.flatMap((p) => p.iccids))).toEqual(
      new Map(hostile.map((p) => [p.iccids[0]!, p.transactionId])),
    );

    const unstorable = [
      '',
      'x'.repeat(65),
      'x'.repeat(100_000),
      '😀'.repeat(65),
      'a\u0000b',
      '\u0000',
      'a\ud800',
      '\udc00b',
    ];
    counted.statements.length = 0;
    await expect(counted.purchases.load(unstorable)).resolves.toEqual(new Map());
    await expect(counted.purchases.ownersOfIccids(unstorable)).resolves.toEqual(new Map());
    expect(counted.statements).toEqual([]);
    await expect(
      counted.purchases.ownersOfIccids(['8'.repeat(33), `${hostile[0]!.iccids[0]!}\u0000`]),
    ).resolves.toEqual(new Map());
    // Mixed with storable ones, those are still found.
    expect([...(await counted.purchases.load([...unstorable, '__proto__'])).keys()]).toEqual([
      '__proto__',
    ]);
  });

  it.each([
    ['a snapshot with U+0000 (the first statement)', { snapshot: { plan: 'Test\u0000plan' } }],
    ['an ICCID beyond its bound (the last statement)', { iccids: ['8'.repeat(33)] }],
  ])(
    'saves none of a save the database refuses a row of, %s: it is one transaction',
    async (_, refusal: Partial<EvictedPurchase>) => {
      const stored = purchase();
      await counted.purchases.save([stored]);
      const fresh = purchase();
      const refused = purchase(refusal);

      await expect(
        counted.purchases.save([{ ...stored, sequence: 99, iccids: [] }, fresh, refused]),
      ).rejects.toThrow(/unsupported Unicode escape sequence|evicted_iccids_iccid_check/);

      const loaded = await counted.purchases.load([
        stored.transactionId,
        fresh.transactionId,
        refused.transactionId,
      ]);
      expect(loaded).toEqual(new Map([[stored.transactionId, asLoaded(stored)]]));
    },
  );

  it('saves 1,000 purchases in one call of a few statements, and reads them back in one query', async () => {
    const many = Array.from({ length: 1000 }, () => purchase());

    await counted.purchases.save(many);

    // BEGIN, the purchases, the ICCIDs they held before, their ICCIDs, COMMIT.
    expect(counted.statements.length).toBeLessThanOrEqual(5);
    counted.statements.length = 0;
    const loaded = await counted.purchases.load(many.map((p) => p.transactionId));
    expect(counted.statements).toHaveLength(1);
    expect(loaded.size).toBe(1000);
    expect(loaded).toEqual(new Map(many.map((p) => [p.transactionId, asLoaded(p)])));
    const owners = await counted.purchases.ownersOfIccids(many.flatMap((p) => p.iccids));
    expect(owners.size).toBe(2000);
    expect(owners.get(many[999]!.iccids[1]!)).toBe(many[999]!.transactionId);
  });
});

async function tablesOf(schema: string): Promise<string[]> {
  const rows = await db.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = $1 AND table_name LIKE 'evicted%' ORDER BY table_name`,
    [schema],
  );
  return rows.map((row) => row.table_name);
}

function evictedAt(transactionId: string): Promise<[{ evicted_at: Date }]> {
  return db.query('SELECT evicted_at FROM evicted_purchases WHERE transaction_id = $1', [
    transactionId,
  ]);
}

/**
 * The repository on `db`, with every statement it sends (through the data source or a transaction's manager)
 * recorded, BEGIN and COMMIT included, to show how many round trips a call costs.
 */
function countingRepository(target: DataSource): {
  purchases: EvictedPurchases;
  statements: string[];
} {
  const statements: string[] = [];
  const recording =
    (on: DataSource | EntityManager) =>
    (sql: string, parameters?: unknown[]): Promise<unknown> => {
      statements.push(sql);
      return on.query(sql, parameters);
    };
  const counting = new Proxy(target, {
    get(source, property, receiver) {
      if (property === 'query') return recording(source);
      if (property === 'transaction')
        return (run: (manager: EntityManager) => Promise<unknown>) => {
          statements.push('BEGIN');
          return source
            .transaction((manager) =>
              run(
                new Proxy(manager, {
                  get: (on, key, onReceiver) =>
                    key === 'query' ? recording(on) : (Reflect.get(on, key, onReceiver) as unknown),
                }),
              ),
            )
            .finally(() => statements.push('COMMIT'));
        };
      return Reflect.get(source, property, receiver) as unknown;
    },
  });
  return { purchases: new EvictedPurchases(counting), statements };
}

/** A data source that fails any use: the repository must not touch it. */
function unusable(): DataSource {
  return new Proxy({} as DataSource, {
    get(_, property) {
      throw new Error(`the data source was used (${String(property)})`);
    },
  });
}
