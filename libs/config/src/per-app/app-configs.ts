/** One loader per app, each in its own file with the app's own settings. Ports are the documented local defaults (README). */
export { loadPortalGatewayConfig } from './portal-gateway.config';
export {
  loadOrchestratorConfig,
  type OrchestratorConfig,
  type OrchestratorSettings,
} from './orchestrator.config';
export { loadSmdpAdapterConfig } from './smdp-adapter.config';
export { loadSmdpSimulatorConfig } from './smdp-simulator.config';
export {
  loadBalanceApiConfig,
  type BalanceApiConfig,
  type BalanceApiSettings,
} from './balance-api.config';
export { loadSupportConfig } from './support.config';
export { loadLauncherConfig } from './launcher.config';
