import type { BalanceApiConfig } from '@mp/config';
import { loadBalanceApiConfig } from '@mp/config';
import { platformMigrations } from '@mp/database';
import type { AppDefinition } from '@mp/platform';
import { getBalanceMigrations } from './api/get-balance.migrations';
import { BalanceApiModule, type BalanceApiOverrides } from './balance-api.module';
import { balanceMigrations } from './projection/balance-projection.migrations';
import { balanceAccess } from './security/balance-access';

/**
 * GetBalance with its projector. The app's port serves health, metrics and the OpenAPI document over plain HTTP;
 * GetBalance has its own HTTPS listener with mTLS (BALANCE_API_HTTPS_PORT). `overrides` let tests control the clock.
 */
export function defineBalanceApiApp(
  overrides: BalanceApiOverrides = {},
): AppDefinition<BalanceApiConfig> {
  return {
    name: 'balance-api',
    loadConfig: () => loadBalanceApiConfig(),
    module: (config, logger) => BalanceApiModule.forRoot(config, logger, overrides),
    migrations: [platformMigrations, balanceMigrations, getBalanceMigrations],
    // GetBalance's route is on the app's port in the benchmark-only plain-HTTP mode.
    access: balanceAccess,
  };
}

export const balanceApiApp = defineBalanceApiApp();
