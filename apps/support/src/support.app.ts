import { loadSupportConfig, type SupportConfig } from '@mp/config';
import { platformMigrations } from '@mp/database';
import type { AppDefinition } from '@mp/platform';
import { supportAccess } from './auth/support-access';
import { supportMigrations } from './index/support.migrations';
import { SupportModule } from './support.module';

export const supportApp: AppDefinition<SupportConfig> = {
  name: 'support',
  loadConfig: () => loadSupportConfig(),
  module: (config, logger) => SupportModule.forRoot(config, logger),
  migrations: [platformMigrations, supportMigrations],
  access: supportAccess,
};
