import { ConfigValidationError } from './config-validation.error';
import {
  loadBalanceApiConfig,
  loadOrchestratorConfig,
  loadPortalGatewayConfig,
  loadSmdpSimulatorConfig,
} from './per-app/app-configs';
import { loadAll } from './load-config';
import { usesDatabase, usesKafka } from './per-app/app-config.types';

const local = (path: string) => `${process.cwd()}/.local/${path}`;

function issuesOf(run: () => unknown): ConfigValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('app configuration', () => {
  it('gives sensible local defaults when nothing is set', () => {
    const config = loadPortalGatewayConfig({});

    expect(config).toEqual({
      appName: 'portal-gateway',
      environment: 'development',
      developmentDefaults: expect.any(Array) as unknown,
      logLevel: 'info',
      // Off by default: no OTLP endpoint, no exporter (ADR 0024).
      tracing: { exporter: null, sampleRatio: 1, exportDelayMs: 5000 },
      http: { host: '127.0.0.1', port: 3000 },
      kafka: {
        brokers: ['127.0.0.1:9092'],
        clientId: 'portal-gateway',
        connectionTimeoutMs: 3000,
        startupTimeoutMs: 30000,
        namespace: '',
        topicPartitions: 4,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        tls: null,
        sasl: null,
      },
      database: {
        url: 'postgres://postgres@127.0.0.1:5432/mobileplans',
        poolSize: 10,
        schema: 'public',
      },
      portalGateway: {
        insecurePlainHttp: false,
        tls: {
          certPath: local('certs/portal-gateway.crt'),
          keyPath: local('certs/portal-gateway.key'),
          clientCaPath: local('certs/operator-ca.crt'),
        },
        certificateClients: [{ name: 'portal-dev', subject: { CN: 'portal-dev' } }],
        tokens: {
          setting: 'PORTAL_GATEWAY_CLIENT_TOKENS',
          kind: 'file',
          path: local('credentials/portal-client-tokens'),
        },
      },
    });
  });

  it('reads and types the settings it is given', () => {
    const config = loadPortalGatewayConfig({
      PORTAL_GATEWAY_PORT: '4001',
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      KAFKA_TOPIC_PARTITIONS: '12',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
      DATABASE_URL: 'postgresql://app:secret@db:5432/prod',
      LOG_LEVEL: 'debug',
    });

    expect(config.http.port).toBe(4001);
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9093']);
    expect(config.kafka.topicPartitions).toBe(12);
    expect(config.kafka).toMatchObject({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(config.database.url).toBe('postgresql://app:secret@db:5432/prod');
    expect(config.logLevel).toBe('debug');
  });

  it('gives the orchestrator its decision settings and refuses a failover faster than the broker allows', () => {
    const config = loadOrchestratorConfig({ RELEASE_LEAD_TIME_MINUTES: '2' });

    // Terminal purchases are evicted to PostgreSQL (ADR 0032).
    expect(usesDatabase(config)).toBe(true);
    expect(config.orchestrator.processing.evictAfterSeconds).toBe(86400);
    expect(config.orchestrator.purchase).toEqual({
      callbackApiGeneration: 'seed',
      defaultProfileType: 'standard',
      fallbackProfileType: null,
      smdsAddress: 'lpa.ds.gsma.com',
      releaseLeadTimeMinutes: 2,
      confirmationTimeoutSeconds: 1800,
      downloadOrderReconciliation: { delaySeconds: 300, maxAttempts: 3 },
    });
    expect(
      loadOrchestratorConfig({ PURCHASE_CONFIRMATION_TIMEOUT_SECONDS: '45' }).orchestrator.purchase
        .confirmationTimeoutSeconds,
    ).toBe(45);
    expect(
      issuesOf(() => loadOrchestratorConfig({ ORCHESTRATOR_SESSION_TIMEOUT_MS: '1000' })).issues,
    ).toEqual([expect.objectContaining({ key: 'ORCHESTRATOR_SESSION_TIMEOUT_MS' })]);
    expect(
      loadOrchestratorConfig({ ORCHESTRATOR_EVICT_AFTER_SECONDS: '60' }).orchestrator.processing
        .evictAfterSeconds,
    ).toBe(60);
    expect(
      issuesOf(() => loadOrchestratorConfig({ ORCHESTRATOR_EVICT_AFTER_SECONDS: '0' })).issues,
    ).toEqual([expect.objectContaining({ key: 'ORCHESTRATOR_EVICT_AFTER_SECONDS' })]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadSmdpSimulatorConfig({ SMDP_SIMULATOR_PORT: '' }).http.port).toBe(3003);
  });

  it('leaves out the sections an app does not use', () => {
    const config = loadSmdpSimulatorConfig({});

    expect(usesDatabase(config)).toBe(false);
    expect(usesKafka(config)).toBe(true);
    // The type says so too: no optional sections to check with `?.` or `!`.
    // @ts-expect-error the simulator's config has no database section
    expect(config.database).toBeUndefined();
    const withKafka: { readonly kafka: { readonly namespace: string } } = config;
    expect(withKafka.kafka.namespace).toBe('');
  });

  it('names every bad key in one error, without echoing secret values', () => {
    const error = issuesOf(() =>
      loadBalanceApiConfig({
        BALANCE_API_PORT: '70000',
        KAFKA_BROKERS: 'not a broker',
        KAFKA_TOPIC_PARTITIONS: '0',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        LOG_LEVEL: 'loud',
      }),
    );

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues.map((issue) => issue.key).sort()).toEqual([
      'BALANCE_API_PORT',
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'KAFKA_TOPIC_PARTITIONS',
      'LOG_LEVEL',
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('reports the issues of several apps together', () => {
    const env = { ORCHESTRATOR_PORT: 'x', SMDP_SIMULATOR_PORT: '-1' };

    const error = issuesOf(() =>
      loadAll([() => loadOrchestratorConfig(env), () => loadSmdpSimulatorConfig(env)]),
    );

    expect(error.issues.map((issue) => issue.key)).toEqual([
      'ORCHESTRATOR_PORT',
      'SMDP_SIMULATOR_PORT',
    ]);
  });
});
