import { defineAppConfig } from './define-app-config';

export const loadPortalGatewayConfig = defineAppConfig({
  appName: 'portal-gateway',
  portKey: 'PORTAL_GATEWAY_PORT',
  defaultPort: 3000,
  kafka: true,
  database: true,
});
