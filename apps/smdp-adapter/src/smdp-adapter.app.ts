import { loadSmdpAdapterConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { type SmdpAdapterConfig } from './adapter.config';
import { adapterAccess, adapterHttps } from './security/smdp-access';
import { SmdpAdapterModule } from './smdp-adapter.module';

/** The ES2+ client, and HandleDownloadProgressInfo over HTTPS with the SM-DP+'s client certificate. */
export const smdpAdapterApp: AppDefinition<SmdpAdapterConfig> = {
  name: 'smdp-adapter',
  loadConfig: () => loadSmdpAdapterConfig(),
  module: (config, logger) => SmdpAdapterModule.forRoot(config, logger),
  migrations: [],
  https: adapterHttps,
  access: adapterAccess,
};
