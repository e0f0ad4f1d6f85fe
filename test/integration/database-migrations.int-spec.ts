import { loadPortalGatewayConfig, type DatabaseConfig } from '@mp/config';
import { createDataSource, migrateDatabase, platformMigrations } from '@mp/database';
import type { DataSource } from 'typeorm';
import { testEnvironment, uniqueName } from '../support/test-environment';

// Each test works in a schema of its own in the real test database, so runs never collide.
describe('TypeORM migrations on the real PostgreSQL', () => {
  const database: DatabaseConfig = loadPortalGatewayConfig(testEnvironment()).database;
  const schema = uniqueName('it_migrations');
  let admin: DataSource;

  const tableExists = async (table: string): Promise<boolean> => {
    const rows: Array<{ exists: boolean }> = await admin.query(
      'SELECT to_regclass($1) IS NOT NULL AS exists',
      [`${schema}.${table}`],
    );
    return rows[0]?.exists ?? false;
  };

  beforeAll(async () => {
    admin = await createDataSource(database).initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.destroy();
  });

  it('applies a migration, records it, and rolls it back', async () => {
    const reports = await migrateDatabase(database, [platformMigrations], schema);

    expect(reports).toEqual([
      { owner: 'platform', applied: ['ProjectionCheckpoints1763683200000'] },
    ]);
    expect(await tableExists('projection_checkpoint')).toBe(true);
    const recorded: Array<{ name: string }> = await admin.query(
      `SELECT name FROM "${schema}"."${platformMigrations.tableName}"`,
    );
    expect(recorded.map((row) => row.name)).toEqual(['ProjectionCheckpoints1763683200000']);

    const owner = createDataSource(database, { migrations: platformMigrations, schema });
    await owner.initialize();
    try {
      await owner.undoLastMigration();
    } finally {
      await owner.destroy();
    }
    expect(await tableExists('projection_checkpoint')).toBe(false);
  });

  it('applies nothing twice, even when several processes migrate at once', async () => {
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => migrateDatabase(database, [platformMigrations], schema)),
    );

    const applied = concurrent.flatMap((reports) => reports.flatMap((report) => report.applied));
    expect(applied).toEqual(['ProjectionCheckpoints1763683200000']);
    expect(await tableExists('projection_checkpoint')).toBe(true);
  });
});
