import { ConfigValidationError } from './config-validation.error';
import { parseTokenEntries } from './credentials.settings';
import { assertProductionReady, ProductionModeError } from './production-readiness';
import {
  loadBalanceApiConfig,
  loadOrchestratorConfig,
  loadPortalGatewayConfig,
  loadSmdpAdapterConfig,
  loadSmdpSimulatorConfig,
  loadSupportConfig,
} from './per-app/app-configs';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.issues.map((issue) => issue.key);
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

/** Settings a production deployment gives: no file is read while loading, so the paths need not exist. */
const production = {
  APP_ENV: 'production',
  KAFKA_BROKERS: 'kafka-1.example.net:9093',
  KAFKA_TLS: 'true',
  KAFKA_TLS_CA: '/etc/mobileplans/kafka-ca.pem',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'mobileplans-app',
  KAFKA_SASL_PASSWORD: 'kafka-password-from-the-vault',
  DATABASE_URL: 'postgres://mobileplans:db-password@db.example.net:5432/mobileplans',
  PORTAL_GATEWAY_TLS_CERT: '/etc/mobileplans/gateway.crt',
  PORTAL_GATEWAY_TLS_KEY: '/etc/mobileplans/gateway.key',
  PORTAL_GATEWAY_CLIENT_CA: '/etc/mobileplans/portal-ca.crt',
  PORTAL_GATEWAY_CLIENT_CERTIFICATES: 'portal-eu:CN=portal-eu.example.net,O=Example',
  PORTAL_GATEWAY_CLIENT_TOKENS: 'portal-us:us-portal-token-from-the-vault',
  SMDP_ADAPTER_BASE_URL: 'https://smdp.example.net',
  SMDP_ADAPTER_CLIENT_CERT: '/etc/mobileplans/es2-client.crt',
  SMDP_ADAPTER_CLIENT_KEY: '/etc/mobileplans/es2-client.key',
  SMDP_ADAPTER_SMDP_CA: '/etc/mobileplans/smdp-ca.crt',
  SMDP_ADAPTER_TLS_CERT: '/etc/mobileplans/adapter.crt',
  SMDP_ADAPTER_TLS_KEY: '/etc/mobileplans/adapter.key',
  SMDP_ADAPTER_NOTIFICATION_CLIENT_CA: '/etc/mobileplans/smdp-ca.crt',
  SMDP_ADAPTER_NOTIFICATION_CLIENTS: 'smdp:CN=notifications.smdp.example.net',
  SMDP_ADAPTER_NOTIFICATION_REQUESTERS: 'SMDP-EXAMPLE-1',
  BALANCE_API_TLS_CERT: '/etc/mobileplans/balance.crt',
  BALANCE_API_TLS_KEY: '/etc/mobileplans/balance.key',
  BALANCE_API_CLIENT_CA: '/etc/mobileplans/microsoft-ca.crt',
  SUPPORT_CREDENTIALS: 'alice:alice-support-token-from-the-vault',
  SUPPORT_OPERATORS: 'alice',
};

const settingsOf = (config: { developmentDefaults: readonly { setting: string }[] }) =>
  config.developmentDefaults.map((found) => found.setting);

describe('Kafka security settings', () => {
  it('types TLS (CA, client certificate) and SASL from the settings', () => {
    const config = loadOrchestratorConfig({
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA: '/ca.pem',
      KAFKA_TLS_CERT: '/client.crt',
      KAFKA_TLS_KEY: '/client.key',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'orchestrator',
      KAFKA_SASL_PASSWORD: 'secret',
    });

    expect(config.kafka.tls).toEqual({
      caPath: '/ca.pem',
      certPath: '/client.crt',
      keyPath: '/client.key',
    });
    expect(config.kafka.sasl).toEqual({
      mechanism: 'scram-sha-256',
      username: 'orchestrator',
      password: 'secret',
    });
    expect(loadOrchestratorConfig({ KAFKA_TLS: 'true' }).kafka.tls).toEqual({
      caPath: null,
      certPath: null,
      keyPath: null,
    });
  });

  it('refuses half a client certificate, TLS files without TLS, SASL without credentials or an unknown mechanism', () => {
    expect(
      issuesOf(() => loadOrchestratorConfig({ KAFKA_TLS: 'true', KAFKA_TLS_CERT: '/c' })),
    ).toEqual(['KAFKA_TLS_KEY']);
    expect(issuesOf(() => loadOrchestratorConfig({ KAFKA_TLS_CA: '/ca.pem' }))).toEqual([
      'KAFKA_TLS',
    ]);
    expect(issuesOf(() => loadOrchestratorConfig({ KAFKA_SASL_MECHANISM: 'plain' }))).toEqual([
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_PASSWORD',
    ]);
    expect(issuesOf(() => loadOrchestratorConfig({ KAFKA_SASL_MECHANISM: 'gssapi' }))).toEqual([
      'KAFKA_SASL_MECHANISM',
    ]);
  });
});

describe('listeners', () => {
  it('bind to their own interface when told, else to HTTP_HOST', () => {
    const env = {
      HTTP_HOST: '10.0.0.5',
      PORTAL_GATEWAY_HOST: '0.0.0.0',
      BALANCE_API_HTTPS_HOST: '0.0.0.0',
      SMDP_SIMULATOR_ES2_HOST: '127.0.0.2',
    };

    expect(loadPortalGatewayConfig(env).http.host).toBe('0.0.0.0');
    expect(loadOrchestratorConfig(env).http.host).toBe('10.0.0.5');
    expect(loadBalanceApiConfig(env).http.host).toBe('10.0.0.5');
    expect(loadBalanceApiConfig(env).balanceApi.httpsHost).toBe('0.0.0.0');
    expect(loadSmdpSimulatorConfig(env).smdpSimulator.es2.host).toBe('127.0.0.2');
    expect(loadSmdpSimulatorConfig({}).smdpSimulator.es2.host).toBe('127.0.0.1');
  });
});

describe('token lists', () => {
  it('come from the setting when set, else from its _FILE (the generated development tokens)', () => {
    expect(
      loadPortalGatewayConfig({
        PORTAL_GATEWAY_CLIENT_TOKENS: 'portal-a:aaaaaaaaaaaaaaaa, portal-b:bbbbbbbbbbbbbbbb',
      }).portalGateway.tokens,
    ).toEqual({
      setting: 'PORTAL_GATEWAY_CLIENT_TOKENS',
      kind: 'inline',
      entries: [
        { name: 'portal-a', token: 'aaaaaaaaaaaaaaaa' },
        { name: 'portal-b', token: 'bbbbbbbbbbbbbbbb' },
      ],
    });
    expect(
      loadPortalGatewayConfig({ PORTAL_GATEWAY_CLIENT_TOKENS: 'none' }).portalGateway.tokens,
    ).toMatchObject({ kind: 'inline', entries: [] });
    expect(
      loadPortalGatewayConfig({ PORTAL_GATEWAY_CLIENT_TOKENS_FILE: '/run/secrets/portal' })
        .portalGateway.tokens,
    ).toEqual({
      setting: 'PORTAL_GATEWAY_CLIENT_TOKENS',
      kind: 'file',
      path: '/run/secrets/portal',
    });
  });

  it('name a bad entry by position, never echoing a token', () => {
    const secret = 'short-secret';
    let message = '';
    try {
      loadPortalGatewayConfig({ PORTAL_GATEWAY_CLIENT_TOKENS: `portal-a:${secret}` });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toContain('PORTAL_GATEWAY_CLIENT_TOKENS: entry 1 must be name:token');
    expect(message).not.toContain(secret);
    expect(parseTokenEntries('# users\na:aaaaaaaaaaaaaaaa\n\nb:aaaaaaaaaaaaaaaa').issues).toEqual([
      'two entries share one token',
    ]);
  });
});

describe('support roles', () => {
  it('keeps SUPPORT_CREDENTIALS as it was (user:token): its users may read, and only SUPPORT_OPERATORS may act', () => {
    const before = loadSupportConfig({
      SUPPORT_CREDENTIALS: 'alice:alice-token-0123456789,bob:bob-token-0123456789',
    });
    const after = loadSupportConfig({
      SUPPORT_CREDENTIALS: 'alice:alice-token-0123456789,bob:bob-token-0123456789',
      SUPPORT_OPERATORS: 'alice',
    });

    expect(before.support.credentials).toMatchObject({ kind: 'inline' });
    expect(before.support.operators).toEqual([]);
    expect(after.support.operators).toEqual(['alice']);
  });

  it('makes the generated development operator an operator, and only with the generated file', () => {
    expect(loadSupportConfig({}).support.operators).toEqual(['support-operator']);
    expect(
      loadSupportConfig({ SUPPORT_CREDENTIALS_FILE: '/run/secrets/support' }).support.operators,
    ).toEqual([]);
  });
});

describe('development defaults', () => {
  it('are named, app by app, when nothing is configured', () => {
    expect(settingsOf(loadPortalGatewayConfig({}))).toEqual([
      'KAFKA_TLS',
      'KAFKA_SASL_MECHANISM',
      'DATABASE_URL',
      'PORTAL_GATEWAY_TLS_CERT',
      'PORTAL_GATEWAY_TLS_KEY',
      'PORTAL_GATEWAY_CLIENT_CA',
      'PORTAL_GATEWAY_CLIENT_CERTIFICATES',
      'PORTAL_GATEWAY_CLIENT_TOKENS_FILE',
    ]);
    expect(settingsOf(loadSmdpAdapterConfig({}))).toEqual([
      'KAFKA_TLS',
      'KAFKA_SASL_MECHANISM',
      'SMDP_ADAPTER_BASE_URL',
      'SMDP_ADAPTER_CLIENT_CERT',
      'SMDP_ADAPTER_CLIENT_KEY',
      'SMDP_ADAPTER_SMDP_CA',
      'SMDP_ADAPTER_TLS_CERT',
      'SMDP_ADAPTER_TLS_KEY',
      'SMDP_ADAPTER_NOTIFICATION_CLIENT_CA',
      'SMDP_ADAPTER_NOTIFICATION_CLIENTS',
      'SMDP_ADAPTER_NOTIFICATION_REQUESTERS',
    ]);
    expect(settingsOf(loadBalanceApiConfig({}))).toEqual([
      'KAFKA_TLS',
      'KAFKA_SASL_MECHANISM',
      'DATABASE_URL',
      'BALANCE_API_TLS_CERT',
      'BALANCE_API_TLS_KEY',
      'BALANCE_API_CLIENT_CA',
    ]);
    expect(settingsOf(loadSupportConfig({}))).toEqual([
      'KAFKA_TLS',
      'KAFKA_SASL_MECHANISM',
      'DATABASE_URL',
      'SUPPORT_CREDENTIALS_FILE',
    ]);
    expect(settingsOf(loadBalanceApiConfig({ BALANCE_API_INSECURE_PLAIN_HTTP: 'true' }))).toContain(
      'BALANCE_API_INSECURE_PLAIN_HTTP',
    );
    expect(
      settingsOf(loadSmdpAdapterConfig({ SMDP_ADAPTER_INSECURE_PLAIN_HTTP: 'true' })),
    ).toContain('SMDP_ADAPTER_INSECURE_PLAIN_HTTP');
    expect(
      settingsOf(loadSupportConfig({ SUPPORT_CREDENTIALS: 'a:mpdev_0123456789abcdef' })),
    ).toContain('SUPPORT_CREDENTIALS');
  });

  it('are none with production settings, so that production mode can start', () => {
    const configs = [
      loadPortalGatewayConfig(production),
      loadOrchestratorConfig(production),
      loadSmdpAdapterConfig(production),
      loadBalanceApiConfig(production),
      loadSupportConfig(production),
    ];

    expect(configs.flatMap(settingsOf)).toEqual([]);
    expect(() => assertProductionReady(configs)).not.toThrow();
  });

  it('refuse production mode in one message naming each, and the simulator itself', () => {
    const configs = [
      loadSupportConfig({ APP_ENV: 'production' }),
      loadSmdpSimulatorConfig({ ...production, SUPPORT_CREDENTIALS: undefined }),
    ];

    let error: unknown;
    try {
      assertProductionReady(configs);
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(ProductionModeError);
    expect((error as Error).message).toBe(
      [
        'APP_ENV=production refuses 5 development defaults:',
        '  - support: KAFKA_TLS: Kafka without TLS',
        '  - support: KAFKA_SASL_MECHANISM: Kafka without client authentication (neither SASL nor a TLS client certificate)',
        '  - support: DATABASE_URL: the database superuser (postgres)',
        '  - support: SUPPORT_CREDENTIALS_FILE: the development support tokens (generated under .local/credentials)',
        '  - smdp-simulator: APPS: the SM-DP+ simulator (development and tests only)',
      ].join('\n'),
    );
    expect(() => assertProductionReady([loadSupportConfig({})])).not.toThrow();
  });
});
