import type { MigrationSet } from '@mp/database';
import { BalanceProjection1764201600000 } from './migrations/1764201600000-balance-projection';
import { BalanceAdjustments1767225600000 } from './migrations/1767225600000-balance-adjustments';

/** The tables of the balance projection, owned by balance-api alone. */
export const balanceMigrations: MigrationSet = {
  owner: 'balance-api',
  tableName: 'migrations_balance_api',
  migrations: [BalanceProjection1764201600000, BalanceAdjustments1767225600000],
};
