import { Client } from 'pg';
import type { Kafka } from 'kafkajs';
import type { RejectedRecord } from '@mp/contracts';
import type { DatabaseConfig } from '@mp/config';
import {
  createDataSource,
  migrateDatabase,
  platformMigrations,
  type MigrationSet,
} from '@mp/database';
import {
  CheckpointedProjectionRunner,
  kafkaNames,
  type Projection,
  type RejectionSink,
} from '@mp/event-log';
import { createAppLogger } from '@mp/platform';
import type { DataSource } from 'typeorm';
import type { PreloadedFlow } from './preloaded-log';
import { balanceMigrations } from '../../apps/balance-api/src/projection/balance-projection.migrations';
import { BalanceProjector } from '../../apps/balance-api/src/projection/balance.projector';
import { balanceEntities } from '../../apps/balance-api/src/projection/entities';
import { portalGatewayMigrations } from '../../apps/portal-gateway/src/migrations/portal-gateway.migrations';
import { purchaseViewProjection } from '../../apps/portal-gateway/src/views/purchase-view.projection';
import { IndexWriter } from '../../apps/support/src/index/index-writer.service';
import { PurchaseHistoryReader } from '../../apps/support/src/index/purchase-history.reader';
import { supportIndexProjection } from '../../apps/support/src/index/support-index.projection';
import { supportMigrations } from '../../apps/support/src/index/support.migrations';
import { connectedAdmin } from './kafka-admin';
import { uniqueName } from './test-environment';

// The three Kafka → PostgreSQL projections rebuilt outside their apps (bench/projection-rebuild.bench.ts, the batch
// refusal test): each one's tables (its app's migrations), its projection as its app builds it, and where its
// rejections go (the support index keeps its own in its tables; the other two publish theirs to Kafka in the apps,
// and are only collected here).

export type ProjectionName = 'balance' | 'support-index' | 'purchase-view';

/**
 * The log the rebuild bench and its equality check preload, six purchases in turn: two eSIM purchases installed on
 * the device, a balance addition, one still waiting for its download notification (inline), one waiting for its
 * delayed release, one cancelled before paying.
 */
export const REBUILD_MIX: readonly PreloadedFlow[] = [
  'inlineInstalled',
  'balanceAddition',
  'inline',
  'inlineInstalled',
  'delayedProfile',
  'cancelled',
];

export interface RebuiltProjection {
  readonly projection: Projection<unknown, unknown>;
  readonly rejections: RejectionSink;
}

export interface ProjectionUnderTest {
  readonly name: ProjectionName;
  readonly migrations: MigrationSet;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  readonly entities: readonly Function[];
  /** Its main table, whose rows the bench counts after a rebuild. */
  readonly table: string;
  /** The projection, on a fresh consumer group, into the schema `dataSource` is on. */
  create(
    namespace: string,
    dataSource: DataSource,
    schema: string,
    rejected: (records: readonly RejectedRecord[]) => void,
  ): RebuiltProjection;
}

const counted =
  (rejected: (records: readonly RejectedRecord[]) => void): RejectionSink =>
  (_manager, records) => {
    rejected(records);
    return Promise.resolve();
  };

export const projectionsUnderTest: readonly ProjectionUnderTest[] = [
  {
    name: 'balance',
    migrations: balanceMigrations,
    entities: balanceEntities,
    table: 'sim_balance',
    create: (namespace, _dataSource, schema, rejected) => ({
      projection: new BalanceProjector({
        schema,
        namespace,
        groupId: `${kafkaNames(namespace).groups.balanceProjector}.${schema}`,
        now: () => new Date(),
      }),
      rejections: counted(rejected),
    }),
  },
  {
    name: 'support-index',
    migrations: supportMigrations,
    entities: [],
    table: 'support_event',
    create: (namespace, dataSource, schema, rejected) => {
      const writer = new IndexWriter(dataSource, new PurchaseHistoryReader(dataSource));
      const projection = supportIndexProjection(kafkaNames(namespace), writer);
      return {
        projection: {
          ...projection,
          groupId: `${projection.groupId}.${schema}`,
        },
        rejections: (manager, records) => {
          rejected(records);
          return writer.reject(manager, records);
        },
      };
    },
  },
  {
    name: 'purchase-view',
    migrations: portalGatewayMigrations,
    entities: [],
    table: 'purchase_view',
    create: (namespace, _dataSource, schema, rejected) => {
      const projection = purchaseViewProjection(kafkaNames(namespace));
      return {
        projection: {
          ...projection,
          groupId: `${projection.groupId}.${schema}`,
        },
        rejections: counted(rejected),
      };
    },
  },
];

/**
 * One projection on the checkpointed projection runner, into a fresh schema (its app's migrations) on a fresh
 * consumer group: from offset 0 once started. `close` drops the schema and the group.
 */
export class ProjectionRebuild {
  private constructor(
    readonly under: ProjectionUnderTest,
    readonly schema: string,
    readonly dataSource: DataSource,
    readonly runner: CheckpointedProjectionRunner<unknown, unknown>,
    /** The projection's topics and consumer group. */
    readonly topics: readonly string[],
    private readonly groupId: string,
    /** What the runner rejected, in order. */
    readonly rejected: readonly RejectedRecord[],
    private readonly env: Record<string, string>,
  ) {}

  static async create(
    under: ProjectionUnderTest,
    env: Record<string, string>,
    kafka: Kafka,
  ): Promise<ProjectionRebuild> {
    const schema = uniqueName(`rebuild_${under.name.replace('-', '_')}`).toLowerCase();
    const database: DatabaseConfig = { url: env.DATABASE_URL!, poolSize: 10, schema };
    await migrateDatabase(database, [platformMigrations, under.migrations]);
    const dataSource = await createDataSource(database, {
      entities: under.entities,
      applicationName: `rebuild:${under.name}`,
    }).initialize();
    const rejected: RejectedRecord[] = [];
    const { projection, rejections } = under.create(
      env.KAFKA_NAMESPACE!,
      dataSource,
      schema,
      (records) => rejected.push(...records),
    );
    const runner = new CheckpointedProjectionRunner({
      kafka,
      dataSource,
      logger: createAppLogger({ appName: 'support', logLevel: 'silent' }),
      projection,
      rejections,
    });
    return new ProjectionRebuild(
      under,
      schema,
      dataSource,
      runner,
      projection.topics,
      projection.groupId,
      rejected,
      env,
    );
  }

  /** Resolves once the runner is ready: caught up with what the log held when it started. */
  async caughtUp(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.runner.status().ready) {
      if (Date.now() > deadline)
        throw new Error(
          `${this.under.name} not caught up in ${timeoutMs} ms: ${JSON.stringify(this.runner.status())}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    await this.runner.stop();
    await this.dataSource.destroy();
    const sql = new Client({ connectionString: this.env.DATABASE_URL });
    await sql.connect();
    await sql.query(`DROP SCHEMA "${this.schema}" CASCADE`).finally(() => sql.end());
    const admin = await connectedAdmin(this.env);
    await admin.deleteGroups([this.groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
