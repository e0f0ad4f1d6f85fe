// Rebuilds the balance projection from offset 0 into fresh tables, beside the live ones:
//   npm run balance:rebuild -- [--schema <new schema>] [--timeout-seconds 600]
// It reads both topics up to their ends as of the start, then prints where the new tables are. Point balance-api at
// them with DATABASE_SCHEMA=<new schema>: their checkpoints continue from where the rebuild stopped.
import 'reflect-metadata';
import { Command } from 'commander';
import { loadBalanceApiConfig, type BalanceApiConfig } from '@mp/config';
import { createDataSource, migrateDatabase, platformMigrations } from '@mp/database';
import { CheckpointedProjectionRunner, createKafkaClient, kafkaNamesFor } from '@mp/event-log';
import { createAppLogger } from '@mp/platform';
import type { Kafka } from 'kafkajs';
import { balanceMigrations } from './projection/balance-projection.migrations';
import { BalanceProjector, projectedTopics } from './projection/balance.projector';
import { balanceEntities } from './projection/entities';

export interface RebuildReport {
  readonly schema: string;
  readonly balances: number;
  readonly purchases: number;
  readonly rejected: number;
  readonly seconds: number;
}

/** Rebuilds into `schema`, which must not hold a balance projection yet. */
export async function rebuildProjection(
  config: BalanceApiConfig,
  schema: string,
  timeoutMs = 600_000,
): Promise<RebuildReport> {
  const started = Date.now();
  const database = { ...config.database, schema };
  const names = kafkaNamesFor(config.kafka);
  const { namespace } = config.kafka;
  const logger = createAppLogger({ appName: 'balance-api', logLevel: config.logLevel });
  await migrateDatabase(database, [platformMigrations, balanceMigrations]);
  const dataSource = await createDataSource(database, {
    entities: balanceEntities,
    applicationName: 'balance-api:rebuild',
  }).initialize();
  const kafka = createKafkaClient(config.kafka, logger);
  const groupId = `${names.groups.balanceProjector}.rebuild.${schema}`;
  try {
    const existing = await dataSource.query<unknown[]>(
      "SELECT 1 FROM projection_checkpoint WHERE projection = 'balance' LIMIT 1",
    );
    if (existing.length > 0) throw new Error(`schema ${schema} already holds a balance projection`);
    const ends = await endOffsets(kafka, [...projectedTopics(namespace).keys()]);
    let rejected = 0;
    const run = new CheckpointedProjectionRunner({
      kafka,
      dataSource,
      logger,
      // The live projector already kept these where support finds them; a rebuild only counts them.
      rejections: (_manager, records) => {
        rejected += records.length;
        return Promise.resolve();
      },
      projection: new BalanceProjector({ schema, namespace, groupId, now: () => new Date() }),
    });
    await run.start();
    try {
      await untilCaughtUp(ends, (key) => run.position(...splitKey(key)), timeoutMs);
    } finally {
      await run.stop();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
    const [counts] = await dataSource.query<Array<{ balances: string; purchases: string }>>(
      `SELECT (SELECT count(*) FROM sim_balance) AS balances, (SELECT count(*) FROM balance_purchase) AS purchases`,
    );
    return {
      schema,
      balances: Number(counts?.balances ?? 0),
      purchases: Number(counts?.purchases ?? 0),
      rejected,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await dataSource.destroy();
  }
}

/** Each partition's end (high watermark) as of now, for partitions that hold anything. */
async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) ends.set(`${topic}:${partition}`, BigInt(high));
      }
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

async function untilCaughtUp(
  ends: ReadonlyMap<string, bigint>,
  position: (key: string) => bigint | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const behind = () => [...ends].filter(([key, end]) => (position(key) ?? 0n) < end);
  while (behind().length > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `rebuild timed out; behind on ${behind()
          .map(([key]) => key)
          .join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function splitKey(key: string): [string, number] {
  const colon = key.lastIndexOf(':');
  return [key.slice(0, colon), Number(key.slice(colon + 1))];
}

function defaultSchema(config: BalanceApiConfig): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${config.database.schema}_balance_${stamp}`.slice(0, 63);
}

if (require.main === module) {
  const program = new Command()
    .name('balance:rebuild')
    .description('Rebuild the balance projection from offset 0 into a fresh schema')
    .option('--schema <name>', 'the new schema (default: <DATABASE_SCHEMA>_balance_<timestamp>)')
    .option('--timeout-seconds <n>', 'give up after this long', '600')
    .parse();
  const options = program.opts<{ schema?: string; timeoutSeconds: string }>();
  const config = loadBalanceApiConfig();
  const schema = options.schema ?? defaultSchema(config);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    process.stderr.write('--schema must be a lower-case PostgreSQL identifier\n');
    process.exit(2);
  }
  rebuildProjection(config, schema, Number(options.timeoutSeconds) * 1000).then(
    (report) => {
      process.stdout.write(
        `rebuilt the balance projection into schema ${report.schema} in ${report.seconds.toFixed(1)} s: ` +
          `${report.purchases} purchases, ${report.balances} balances, ${report.rejected} rejected records\n` +
          `serve it with DATABASE_SCHEMA=${report.schema}\n`,
      );
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
