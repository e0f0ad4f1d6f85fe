import type { MigrationSet } from '@mp/database';
import { GetBalanceTransactionIds1766102400000 } from './migrations/1766102400000-get-balance-transaction-ids';

/** The tables of the GetBalance API itself (the projection's are in balanceMigrations). */
export const getBalanceMigrations: MigrationSet = {
  owner: 'balance-api:get-balance',
  tableName: 'migrations_get_balance',
  migrations: [GetBalanceTransactionIds1766102400000],
};
