import { loadSmdpAdapterConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { SmdpAdapterModule } from './smdp-adapter.module';

export const smdpAdapterApp: AppDefinition = {
  name: 'smdp-adapter',
  loadConfig: () => loadSmdpAdapterConfig(),
  module: (config, logger) => SmdpAdapterModule.forRoot(config, logger),
  migrations: [],
};
