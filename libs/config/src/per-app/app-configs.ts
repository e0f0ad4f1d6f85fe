/** One loader per app, each in its own file with the app's own settings. Ports are the documented local defaults (README). */
export {
  loadPortalGatewayConfig,
  type PortalGatewayConfig,
  type PortalGatewaySettings,
} from './portal-gateway.config';
export {
  loadOrchestratorConfig,
  type OrchestratorConfig,
  type OrchestratorSettings,
} from './orchestrator.config';
export {
  loadSmdpAdapterConfig,
  SIMULATOR_FUNCTION_REQUESTER_ID,
  type SmdpAdapterConfig,
} from './smdp-adapter.config';
export { loadSmdpSimulatorConfig, type SmdpSimulatorConfig } from './smdp-simulator.config';
export {
  loadBalanceApiConfig,
  type BalanceApiConfig,
  type BalanceApiSettings,
} from './balance-api.config';
export {
  loadSupportConfig,
  DEVELOPMENT_SUPPORT_OPERATOR,
  SUPPORT_ROLES,
  type SupportConfig,
  type SupportRole,
  type SupportSettings,
} from './support.config';
export { loadLauncherConfig } from './launcher.config';
