import {
  loadBalanceApiConfig,
  loadOrchestratorConfig,
  loadPortalGatewayConfig,
  loadSmdpAdapterConfig,
  loadSmdpSimulatorConfig,
  loadSupportConfig,
  type AppConfig,
  type AppName,
  type Environment,
} from '@mp/config';
import { kafkaNames, type KafkaNames } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { ALL_APPS } from '../../apps/launcher/src/all-apps';
import { notificationUrl } from './edge-client';
import { LogCapture } from './log-capture';
import { freePort } from './free-port';
import { isolatedEnvironment, testEnvironment } from './test-environment';

const loaders: Readonly<Record<AppName, (env: Environment) => AppConfig>> = {
  'portal-gateway': loadPortalGatewayConfig,
  orchestrator: loadOrchestratorConfig,
  'smdp-adapter': loadSmdpAdapterConfig,
  'smdp-simulator': loadSmdpSimulatorConfig,
  'balance-api': loadBalanceApiConfig,
  support: loadSupportConfig,
};

export interface WholeSystem {
  readonly env: Record<string, string>;
  readonly names: KafkaNames;
  readonly running: readonly RunningApp[];
  /** Every line every app logged so far (JSON), in order. */
  readonly logs: readonly string[];
  app(name: AppName): RunningApp;
  /** The base URL of one of an app's listeners ('app' is its own port). */
  url(name: AppName, listener?: string): string;
  stop(): Promise<void>;
}

/**
 * Every app, as `npm start` runs them, in this process: the local defaults (development credentials included), on
 * a namespace and schema of their own, any free ports, and their logs kept for the test to read.
 */
export async function startWholeSystem(overrides: Environment = {}): Promise<WholeSystem> {
  const [adapterPort, es2Port] = [await freePort(), await freePort()];
  const env = testEnvironment({
    ...isolatedEnvironment('system'),
    PORTAL_GATEWAY_PORT: '0',
    ORCHESTRATOR_PORT: '0',
    SMDP_SIMULATOR_PORT: '0',
    BALANCE_API_PORT: '0',
    BALANCE_API_HTTPS_PORT: '0',
    SUPPORT_PORT: '0',
    SMDP_ADAPTER_PORT: String(adapterPort),
    SMDP_SIMULATOR_ES2_PORT: String(es2Port),
    SMDP_ADAPTER_BASE_URL: `https://127.0.0.1:${es2Port}`,
    SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(adapterPort),
    SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: '0',
    ORCHESTRATOR_TIMER_POLL_MS: '50',
    ...overrides,
  });
  const logs = new LogCapture({ echo: false });
  const running = await runApps(
    ALL_APPS.map((definition) => ({ definition, config: loaders[definition.name](env) })),
    { logDestination: logs.destination },
  );
  const app = (name: AppName) => {
    const found = running.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`${name} is not running`);
    return found;
  };
  return {
    env,
    names: kafkaNames(env.KAFKA_NAMESPACE!),
    running,
    logs: logs.texts,
    app,
    url: (name, listener = 'app') => {
      const found = app(name).listeners.find((candidate) => candidate.name === listener);
      if (found === undefined) throw new Error(`${name} has no ${listener} listener`);
      return found.url;
    },
    stop: () => stopApps(running),
  };
}
