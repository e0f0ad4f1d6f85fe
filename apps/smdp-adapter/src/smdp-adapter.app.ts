import { loadSmdpAdapterConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { type SmdpAdapterConfig } from './adapter.config';
import { SmdpAdapterModule } from './smdp-adapter.module';

export const smdpAdapterApp: AppDefinition = {
  name: 'smdp-adapter',
  loadConfig: () => loadSmdpAdapterConfig(),
  // The config given back is the one loadConfig made.
  module: (config, logger) => SmdpAdapterModule.forRoot(config as SmdpAdapterConfig, logger),
  migrations: [],
};
