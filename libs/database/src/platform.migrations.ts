import { ProjectionCheckpoints1763683200000 } from './migrations/1763683200000-projection-checkpoints';
import type { MigrationSet } from './migration-set';

/** Tables shared by every projection (owned by this lib). */
export const platformMigrations: MigrationSet = {
  owner: 'platform',
  tableName: 'migrations_platform',
  migrations: [ProjectionCheckpoints1763683200000],
};
