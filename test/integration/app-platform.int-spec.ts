import { KafkaUnreachableError, kafkaNames, TopicLayoutError } from '@mp/event-log';
import {
  loadOrchestratorConfig,
  loadPortalGatewayConfig,
  loadSmdpSimulatorConfig,
} from '@mp/config';
import { ReadinessChecks, runApps, startHttpApp, stopApps, type RunningApp } from '@mp/platform';
import { orchestratorApp } from '../../apps/orchestrator/src/orchestrator.app';
import { portalGatewayApp } from '../../apps/portal-gateway/src/portal-gateway.app';
import { smdpSimulatorApp } from '../../apps/smdp-simulator/src/smdp-simulator.app';
import { edgeFetch } from '../support/edge-client';
import { connectedAdmin, createTopicsSettled } from '../support/kafka-admin';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';

async function getJson(
  url: string,
): Promise<{ status: number; body: unknown; type: string | null }> {
  const response = await edgeFetch(url);
  return {
    status: response.status,
    body: await response.json(),
    type: response.headers.get('content-type'),
  };
}

describe('an app on the real infrastructure', () => {
  let gateway: RunningApp;

  beforeAll(async () => {
    const env = testEnvironment({ ...isolatedEnvironment(), PORTAL_GATEWAY_PORT: '0' });
    const running = await runApps([
      { definition: portalGatewayApp, config: loadPortalGatewayConfig(env) },
    ]);
    gateway = running[0]!;
  });

  afterAll(() => stopApps([gateway]));

  it('is live, and ready with Kafka and PostgreSQL both up', async () => {
    expect((await getJson(`${gateway.url}/health/live`)).status).toBe(200);

    const ready = await getJson(`${gateway.url}/health/ready`);

    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { kafka: { status: 'up', brokers: 1 }, postgres: { status: 'up' } },
    });
  });

  it('answers not ready with 503, a retry hint, which part is down and why', async () => {
    const parts = gateway.app.get(ReadinessChecks);
    parts.register('testPart', () => ({ ready: false, state: 'reconnecting', lag: 3 }));
    try {
      const response = await edgeFetch(`${gateway.url}/health/ready`);

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toMatchObject({
        error: { code: 'NOT_READY', message: 'Not ready: testPart.' },
        status: 'error',
        info: { kafka: { status: 'up' }, postgres: { status: 'up' } },
        details: { testPart: { status: 'down', state: 'reconnecting', lag: 3 } },
      });
    } finally {
      parts.unregister('testPart');
    }
    expect((await edgeFetch(`${gateway.url}/health/ready`)).status).toBe(200);
  });

  it('serves Prometheus metrics', async () => {
    const response = await edgeFetch(`${gateway.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toContain('mobileplans_app_info{app="portal-gateway"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('answers unknown routes with a JSON error body', async () => {
    const answer = await getJson(`${gateway.url}/no/such/route`);

    expect(answer.status).toBe(404);
    expect(answer.type).toContain('application/json');
    expect(answer.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'Cannot GET /no/such/route' },
    });
  });

  it('checks only the dependencies an app uses', async () => {
    const simulator = await startHttpApp(
      smdpSimulatorApp,
      loadSmdpSimulatorConfig(
        testEnvironment({ ...isolatedEnvironment(), SMDP_SIMULATOR_PORT: '0' }),
      ),
    );
    try {
      expect((await getJson(`${simulator.url}/health/ready`)).body).toMatchObject({
        status: 'ok',
        info: {},
      });
    } finally {
      await simulator.close();
    }
  });
});

describe('an app whose broker is unreachable', () => {
  it('gives up within its start-up deadline with a message naming the brokers', async () => {
    const config = loadOrchestratorConfig(
      testEnvironment({
        ORCHESTRATOR_PORT: '0',
        KAFKA_BROKERS: '127.0.0.1:1',
        KAFKA_CONNECTION_TIMEOUT_MS: '500',
        KAFKA_STARTUP_TIMEOUT_MS: '2000',
      }),
    );
    const started = Date.now();

    const failure = await startHttpApp(orchestratorApp, config).then(
      () => new Error('the app started without its broker'),
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(KafkaUnreachableError);
    expect((failure as Error).message).toMatch(
      /^Kafka is unreachable at 127\.0\.0\.1:1 after \d+s/,
    );
    expect(Date.now() - started).toBeLessThan(15000);
  });
});

describe('an app whose keyed topics disagree on their partition count', () => {
  it('creates the missing topics with the configured count, then refuses to start, naming the counts', async () => {
    const env = testEnvironment({
      ...isolatedEnvironment(),
      ORCHESTRATOR_PORT: '0',
      KAFKA_TOPIC_PARTITIONS: '3',
    });
    const { topics } = kafkaNames(env.KAFKA_NAMESPACE!);
    const admin = await connectedAdmin(env);
    try {
      // As if made by hand before the apps first ran.
      await createTopicsSettled(admin, {
        topics: [{ topic: topics.purchaseInputs, numPartitions: 2 }],
      });

      const failure = await startHttpApp(orchestratorApp, loadOrchestratorConfig(env)).then(
        () => new Error('the app started on mismatched topics'),
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(TopicLayoutError);
      expect((failure as TopicLayoutError).partitionsByTopic).toMatchObject({
        [topics.purchaseInputs]: 2,
        [topics.portalEvents]: 3,
        [topics.purchaseEvents]: 3,
      });
      const created = await admin.fetchTopicMetadata({ topics: [topics.usage] });
      expect(created.topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });
});
