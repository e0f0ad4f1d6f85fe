import type { DatabaseConfig } from '@mp/config';
import { createDataSource } from './data-source.factory';
import type { MigrationSet } from './migration-set';

// One advisory lock for all schema changes: apps started together (or several replicas) never race.
const MIGRATION_LOCK_KEY = 7_305_112_031;

export interface MigrationReport {
  readonly owner: string;
  readonly applied: readonly string[];
}

/** Applies every pending migration of the given sets, in order, under a cluster-wide advisory lock. */
export async function migrateDatabase(
  config: DatabaseConfig,
  sets: readonly MigrationSet[],
  schema?: string,
): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = [];
  for (const set of sets) {
    const dataSource = createDataSource(
      { ...config, poolSize: 1 },
      { migrations: set, schema, applicationName: `migrate:${set.owner}` },
    );
    await dataSource.initialize();
    try {
      await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        const target = schema ?? config.schema;
        await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${target}"`);
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        reports.push({ owner: set.owner, applied: applied.map((migration) => migration.name) });
      } finally {
        await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      await dataSource.destroy();
    }
  }
  return reports;
}
