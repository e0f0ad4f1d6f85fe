import type { BalanceApiConfig, DatabaseConfig } from '@mp/config';

/** balance-api always has a database section (its loader sets `database: true`). */
export function databaseOf(config: BalanceApiConfig): DatabaseConfig {
  if (config.database === undefined) throw new Error('balance-api needs its database settings');
  return config.database;
}
