import { DataSource, type DataSourceOptions, type EntitySchema } from 'typeorm';
import type { DatabaseConfig } from '@mp/config';
import type { MigrationSet } from './migration-set';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
type EntityTarget = Function | EntitySchema;

export interface DataSourceParts {
  readonly entities?: readonly EntityTarget[];
  readonly migrations?: MigrationSet;
  /** Overrides the configured schema (tests isolate themselves this way). */
  readonly schema?: string;
  readonly applicationName?: string;
}

export function postgresOptions(
  config: DatabaseConfig,
  parts: DataSourceParts = {},
): DataSourceOptions {
  const schema = parts.schema ?? config.schema;
  return {
    type: 'postgres',
    url: config.url,
    schema,
    entities: [...(parts.entities ?? [])],
    migrations: [...(parts.migrations?.migrations ?? [])],
    migrationsTableName: parts.migrations?.tableName,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: config.poolSize,
    applicationName: parts.applicationName,
    extra: {
      connectionTimeoutMillis: 5000,
      // Raw SQL in migrations is unqualified: the search path puts it in the chosen schema.
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    },
  };
}

export function createDataSource(config: DatabaseConfig, parts: DataSourceParts = {}): DataSource {
  return new DataSource(postgresOptions(config, parts));
}
