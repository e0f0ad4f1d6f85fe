import { loadPortalGatewayConfig } from '@mp/config';
import { platformMigrations } from '@mp/database';
import type { AppDefinition } from '@mp/platform';
import { portalGatewayMigrations } from './migrations/portal-gateway.migrations';
import { PortalGatewayModule } from './portal-gateway.module';

export const portalGatewayApp: AppDefinition = {
  name: 'portal-gateway',
  loadConfig: () => loadPortalGatewayConfig(),
  module: (config, logger) => PortalGatewayModule.forRoot(config, logger),
  migrations: [platformMigrations, portalGatewayMigrations],
};
