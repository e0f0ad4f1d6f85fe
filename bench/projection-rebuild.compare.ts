/**
 * Do two builds of the projections build the same tables from the same log? (issue 14: a faster rebuild must build
 * exactly what the code before it builds.)
 *
 *   tsx bench/projection-rebuild.compare.ts preload [--purchases 3000]        → prints the namespace
 *   tsx bench/projection-rebuild.compare.ts rebuild --namespace NS            → prints the three schemas (kept)
 *   tsx bench/projection-rebuild.compare.ts compare --namespace NS --schemas A,B,C --against D,E,F
 *   tsx bench/projection-rebuild.compare.ts drop --namespace NS --schemas A,B,C,…
 *
 * Run `rebuild` once from each build's tree (e.g. `git archive <commit>` unpacked beside this one, with this file
 * copied in) against the one preloaded log. `compare` checks every table of the three projections both ways with
 * `EXCEPT ALL` (duplicates count), leaving out the processing timestamps (columns that default to now()) and
 * comparing json columns as their text. The log is the rebuild bench's mix, with two purchases per SIM, so a SIM's
 * balances fold the credits and usage of two purchases from two partitions.
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { kafkaNames } from '@mp/event-log';
import { connectedAdmin, createTopicsSettled } from '../test/support/kafka-admin';
import {
  PreloadedHistoryLog,
  preloadIccid,
  preloadPurchaseLog,
} from '../test/support/preloaded-log';
import { testKafka } from '../test/support/purchase-system';
import { testEnvironment, uniqueName } from '../test/support/test-environment';
import {
  ProjectionRebuild,
  projectionsUnderTest,
  REBUILD_MIX,
} from '../test/support/rebuilt-projections';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    purchases: { type: 'string', default: '3000' },
    namespace: { type: 'string' },
    schemas: { type: 'string', default: '' },
    against: { type: 'string', default: '' },
  },
});

/** Tables each projection builds (projection_checkpoint is compared with each, for its own rows). */
const tables: Record<string, readonly string[]> = {
  balance: [
    'balance_purchase',
    'balance_credit',
    'balance_usage',
    'balance_adjustment',
    'sim_balance',
  ],
  'support-index': [
    'support_event',
    'support_effect',
    'support_purchase',
    'support_purchase_sim',
    'support_rejected_record',
    'support_parking_record',
    'support_transaction_alias',
  ],
  'purchase-view': ['purchase_view', 'purchase_view_alias'],
};

async function preload(): Promise<void> {
  const namespace = uniqueName('rebuildcmp').toLowerCase();
  const env = testEnvironment({ KAFKA_NAMESPACE: namespace });
  const names = kafkaNames(namespace);
  const admin = await connectedAdmin(env);
  await createTopicsSettled(admin, { topics: [...names.specs] });
  await admin.disconnect();
  const log = new PreloadedHistoryLog(names.topics, REBUILD_MIX, { effects: true, usageMB: 100 });
  const count = Number(values.purchases);
  const purchases = Array.from({ length: count }, (_, index) => ({
    transactionId: `rebuildcmp-${index}`,
    // Two purchases per SIM.
    iccid: preloadIccid(Math.floor(index / 2)),
  }));
  const written = await preloadPurchaseLog(testKafka(env), log, purchases);
  console.log(JSON.stringify({ namespace, purchases: count, records: written }));
}

async function rebuild(namespace: string): Promise<void> {
  const env = testEnvironment({ KAFKA_NAMESPACE: namespace });
  const kafka = testKafka(env);
  const schemas: string[] = [];
  for (const under of projectionsUnderTest) {
    const rebuilt = await ProjectionRebuild.create(under, env, kafka);
    await rebuilt.runner.start();
    await rebuilt.caughtUp(600_000);
    await rebuilt.runner.stop();
    await rebuilt.dataSource.destroy();
    if (rebuilt.rejected.length > 0)
      throw new Error(`${under.name} rejected ${rebuilt.rejected.length} records`);
    schemas.push(rebuilt.schema);
  }
  console.log(JSON.stringify({ schemas: schemas.join(',') }));
}

async function compare(left: readonly string[], right: readonly string[]): Promise<void> {
  const sql = new Client({ connectionString: testEnvironment().DATABASE_URL });
  await sql.connect();
  let differing = 0;
  try {
    for (const [index, under] of projectionsUnderTest.entries()) {
      for (const table of [...tables[under.name]!, 'projection_checkpoint']) {
        const a = left[index]!;
        const b = right[index]!;
        const select = await selectList(sql, a, table);
        const count = async (from: string, to: string) => {
          const rows = await sql.query<{ n: string }>(
            `SELECT count(*) AS n FROM (SELECT ${select} FROM "${from}".${table}
               EXCEPT ALL SELECT ${select} FROM "${to}".${table}) d`,
          );
          return Number(rows.rows[0]!.n);
        };
        const total = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "${a}".${table}`);
        const [onlyLeft, onlyRight] = [await count(a, b), await count(b, a)];
        differing += onlyLeft + onlyRight;
        console.log(
          `${under.name.padEnd(14)} ${table.padEnd(26)} rows ${total.rows[0]!.n.padStart(7)}` +
            `  only in first ${onlyLeft}  only in second ${onlyRight}`,
        );
      }
    }
  } finally {
    await sql.end();
  }
  console.log(differing === 0 ? 'identical' : `${differing} rows differ`);
  if (differing > 0) process.exitCode = 1;
}

/** Every column but the processing timestamps; json (which has no equality) as its text. */
async function selectList(sql: Client, schema: string, table: string): Promise<string> {
  const columns = await sql.query<{ name: string; type: string; fallback: string | null }>(
    `SELECT column_name AS name, data_type AS type, column_default AS fallback
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2
      ORDER BY ordinal_position`,
    [schema, table],
  );
  if (columns.rows.length === 0) throw new Error(`no table ${schema}.${table}`);
  return columns.rows
    .filter((column) => column.fallback !== 'now()')
    .map((column) => (column.type === 'json' ? `"${column.name}"::text` : `"${column.name}"`))
    .join(', ');
}

async function drop(namespace: string, schemas: readonly string[]): Promise<void> {
  const env = testEnvironment({ KAFKA_NAMESPACE: namespace });
  const sql = new Client({ connectionString: env.DATABASE_URL });
  await sql.connect();
  for (const schema of schemas) await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await sql.end();
  const admin = await connectedAdmin(env);
  await admin
    .deleteTopics({ topics: kafkaNames(namespace).specs.map((spec) => spec.topic) })
    .catch(() => undefined);
  await admin.disconnect();
}

async function main(): Promise<void> {
  const list = (text: string) => text.split(',').filter((name) => name !== '');
  const namespace = () => {
    if (values.namespace === undefined) throw new Error('--namespace is required');
    return values.namespace;
  };
  switch (positionals[0]) {
    case 'preload':
      return preload();
    case 'rebuild':
      return rebuild(namespace());
    case 'compare':
      return compare(list(values.schemas), list(values.against));
    case 'drop':
      return drop(namespace(), list(values.schemas));
    case undefined:
    default:
      throw new Error('preload | rebuild | compare | drop');
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
