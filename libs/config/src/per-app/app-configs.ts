import { defineAppConfig } from './define-app-config';

/** One loader per app. Ports are the documented local defaults (README). */

export const loadPortalGatewayConfig = defineAppConfig({
  appName: 'portal-gateway',
  portKey: 'PORTAL_GATEWAY_PORT',
  defaultPort: 3000,
  kafka: true,
  database: true,
});

export const loadOrchestratorConfig = defineAppConfig({
  appName: 'orchestrator',
  portKey: 'ORCHESTRATOR_PORT',
  defaultPort: 3001,
  kafka: true,
  database: true,
});

export const loadSmdpAdapterConfig = defineAppConfig({
  appName: 'smdp-adapter',
  portKey: 'SMDP_ADAPTER_PORT',
  defaultPort: 3002,
  kafka: true,
  database: false,
});

export const loadSmdpSimulatorConfig = defineAppConfig({
  appName: 'smdp-simulator',
  portKey: 'SMDP_SIMULATOR_PORT',
  defaultPort: 3003,
  kafka: false,
  database: false,
});

export const loadBalanceApiConfig = defineAppConfig({
  appName: 'balance-api',
  portKey: 'BALANCE_API_PORT',
  defaultPort: 3004,
  kafka: true,
  database: true,
});

export const loadSupportConfig = defineAppConfig({
  appName: 'support',
  portKey: 'SUPPORT_PORT',
  defaultPort: 3005,
  kafka: true,
  database: true,
});
