import type { MigrationSet } from '@mp/database';
import { EvictedPurchases1796342400000 } from './1796342400000-evicted-purchases';

/** The orchestrator's own tables: the purchases it evicted from memory (ADR 0032). */
export const orchestratorMigrations: MigrationSet = {
  owner: 'orchestrator',
  tableName: 'migrations_orchestrator',
  migrations: [EvictedPurchases1796342400000],
};
