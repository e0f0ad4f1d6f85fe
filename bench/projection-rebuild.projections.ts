// The three Kafka → PostgreSQL projections as bench/projection-rebuild.bench.ts rebuilds them: each one's tables
// (its app's migrations), its projection as its app builds it, and where its rejections go (the support index keeps
// its own in its tables; the other two publish theirs to Kafka in the apps, and are only counted here).
import type { RejectedRecord } from '@mp/contracts';
import { type MigrationSet } from '@mp/database';
import { kafkaNames, type Projection, type RejectionSink } from '@mp/event-log';
import type { DataSource } from 'typeorm';
import { balanceMigrations } from '../apps/balance-api/src/projection/balance-projection.migrations';
import { BalanceProjector } from '../apps/balance-api/src/projection/balance.projector';
import { balanceEntities } from '../apps/balance-api/src/projection/entities';
import { portalGatewayMigrations } from '../apps/portal-gateway/src/migrations/portal-gateway.migrations';
import { purchaseViewProjection } from '../apps/portal-gateway/src/views/purchase-view.projection';
import { IndexWriter } from '../apps/support/src/index/index-writer.service';
import { PurchaseHistoryReader } from '../apps/support/src/index/purchase-history.reader';
import { supportIndexProjection } from '../apps/support/src/index/support-index.projection';
import { supportMigrations } from '../apps/support/src/index/support.migrations';

export type ProjectionName = 'balance' | 'support-index' | 'purchase-view';

export interface RebuiltProjection {
  readonly projection: Projection<unknown, unknown>;
  readonly rejections: RejectionSink;
  /** What the app passes to its runner. */
  readonly partitionsConsumedConcurrently?: number;
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
        partitionsConsumedConcurrently: 3,
      };
    },
  },
];
