import type { MigrationSet } from '@mp/database';
import { SupportEventIndex1764547200000 } from './migrations/1764547200000-support-event-index';
import { SupportOperatorActions1765000100000 } from './migrations/1765000100000-support-operator-actions';
import { SupportTransactionAlias1765100100000 } from './migrations/1765100100000-support-transaction-alias';

/** The support app's own tables (docs/adr/0005: one migrations table per owner). */
export const supportMigrations: MigrationSet = {
  owner: 'support',
  tableName: 'migrations_support',
  migrations: [
    SupportEventIndex1764547200000,
    SupportOperatorActions1765000100000,
    SupportTransactionAlias1765100100000,
  ],
};
