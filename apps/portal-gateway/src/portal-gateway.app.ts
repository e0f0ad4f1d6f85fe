import { loadPortalGatewayConfig, type PortalGatewayConfig } from '@mp/config';
import { platformMigrations } from '@mp/database';
import type { AppDefinition } from '@mp/platform';
import { portalGatewayMigrations } from './migrations/portal-gateway.migrations';
import { PortalGatewayModule } from './portal-gateway.module';
import { portalAccess, portalHttps } from './security/portal-access';

/** Portal backends call it over HTTPS with a client certificate or a bearer token (docs/security.md). */
export const portalGatewayApp: AppDefinition<PortalGatewayConfig> = {
  name: 'portal-gateway',
  loadConfig: () => loadPortalGatewayConfig(),
  module: (config, logger) => PortalGatewayModule.forRoot(config, logger),
  migrations: [platformMigrations, portalGatewayMigrations],
  https: portalHttps,
  access: portalAccess,
};
