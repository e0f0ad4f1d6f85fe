import { loadBalanceApiConfig } from '@mp/config';
import { platformMigrations } from '@mp/database';
import type { AppDefinition } from '@mp/platform';
import { BalanceApiModule } from './balance-api.module';

export const balanceApiApp: AppDefinition = {
  name: 'balance-api',
  loadConfig: () => loadBalanceApiConfig(),
  module: (config, logger) => BalanceApiModule.forRoot(config, logger),
  migrations: [platformMigrations],
};
