import { Kafka, logLevel } from 'kafkajs';
import { loadOrchestratorConfig, loadPortalGatewayConfig, DEFAULT_KAFKA_BROKERS } from '@mp/config';
import { kafkaNames, type KafkaNames } from '@mp/event-log';
import { runApps, stopApps, type AppWithConfig, type RunningApp } from '@mp/platform';
import { orchestratorApp } from '../../apps/orchestrator/src/orchestrator.app';
import { portalGatewayApp } from '../../apps/portal-gateway/src/portal-gateway.app';
import { edgeFetch, type Credential } from './edge-client';
import { LogCapture } from './log-capture';
import { isolatedEnvironment, testEnvironment } from './test-environment';

export interface PurchaseSystem {
  readonly env: Record<string, string>;
  readonly names: KafkaNames;
  readonly kafka: Kafka;
  readonly gatewayUrl: string;
  readonly running: readonly RunningApp[];
  /** The apps' log lines; a test that breaks something on purpose declares the error it expects. */
  readonly logs: LogCapture;
  stop(): Promise<void>;
}

/**
 * The portal gateway and (unless told otherwise) an orchestrator, in this process, on a Kafka namespace and a
 * database schema of their own.
 */
export async function startPurchaseSystem(
  options: { orchestrator?: boolean; env?: Record<string, string> } = {},
): Promise<PurchaseSystem> {
  const env = testEnvironment({
    ...isolatedEnvironment(),
    PORTAL_GATEWAY_PORT: '0',
    ORCHESTRATOR_PORT: '0',
    ORCHESTRATOR_TIMER_POLL_MS: '50',
    ...options.env,
  });
  const apps: AppWithConfig[] = [
    { definition: portalGatewayApp, config: loadPortalGatewayConfig(env) },
  ];
  if (options.orchestrator !== false) {
    apps.push({ definition: orchestratorApp, config: loadOrchestratorConfig(env) });
  }
  const logs = new LogCapture();
  const running = await runApps(apps, { logDestination: logs.destination });
  const names = kafkaNames(env.KAFKA_NAMESPACE!);
  const kafka = testKafka(env);
  return {
    env,
    names,
    kafka,
    gatewayUrl: running[0]!.url,
    running,
    logs,
    stop: () => stopApps(running),
  };
}

export function testKafka(env: Record<string, string>): Kafka {
  return new Kafka({
    clientId: 'test',
    brokers: (env.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS).split(','),
    logLevel: logLevel.NOTHING,
  });
}

/** POSTs JSON to one of our edges with its development credential (or `credential`). */
export async function postJson(
  url: string,
  body: unknown,
  credential?: Credential,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await edgeFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(credential ? { credential } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function getJson(
  url: string,
  credential?: Credential,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await edgeFetch(url, credential ? { credential } : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
