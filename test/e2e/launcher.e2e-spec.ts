import { kafkaNames } from '@mp/event-log';
import { launcherEntry, repositoryRoot } from '../support/build-apps';
import { ChildUnderTest } from '../support/child-process';
import { edgeFetch } from '../support/edge-client';
import { connectedAdmin } from '../support/kafka-admin';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// The built `npm start` artefact, run as a separate process exactly as a user runs it.
const PORTS = {
  PORTAL_GATEWAY_PORT: 13100,
  ORCHESTRATOR_PORT: 13101,
  SMDP_ADAPTER_PORT: 13102,
  SMDP_SIMULATOR_PORT: 13103,
  BALANCE_API_PORT: 13104,
  SUPPORT_PORT: 13105,
} as const;

const portSettings = Object.fromEntries(
  Object.entries(PORTS).map(([key, port]) => [key, String(port)]),
);
// The edges that face callers from outside serve HTTPS on their port (docs/security.md).
const HTTPS_PORTS: readonly number[] = [PORTS.PORTAL_GATEWAY_PORT, PORTS.SMDP_ADAPTER_PORT];
const baseUrl = (port: number) =>
  `${HTTPS_PORTS.includes(port) ? 'https' : 'http'}://127.0.0.1:${port}`;

describe('npm start (the launcher, all apps in one process)', () => {
  it('starts every app, reports each as ready, and stops cleanly on SIGTERM', async () => {
    const launcher = new ChildUnderTest(
      launcherEntry,
      testEnvironment({ ...portSettings, ...isolatedEnvironment() }),
      repositoryRoot,
    );
    try {
      await launcher.waitForOutput(/Mobile Plans fulfillment is up/, 60000);

      for (const port of Object.values(PORTS)) {
        expect(launcher.stdout).toContain(`${baseUrl(port)}   (ready:`);
        // Projections are ready once they have read what the log held at their start (the orchestrator's claim
        // barriers among it): a moment after the apps listen.
        const body = await waitFor(
          async () => {
            const response = await edgeFetch(`${baseUrl(port)}/health/ready`);
            const answer = (await response.json()) as { status?: string };
            return response.status === 200 && answer.status === 'ok' ? answer : undefined;
          },
          { timeoutMs: 20_000, intervalMs: 100, what: `app on port ${port} ready` },
        );
        expect(body).toMatchObject({ status: 'ok' });
      }
      const gateway = (await (
        await edgeFetch(`${baseUrl(PORTS.PORTAL_GATEWAY_PORT)}/health/ready`)
      ).json()) as { info: Record<string, { status: string }> };
      expect(gateway.info).toMatchObject({ kafka: { status: 'up' }, postgres: { status: 'up' } });
    } finally {
      launcher.kill('SIGTERM');
    }
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses to start with bad settings, naming every bad key, and exits non-zero', async () => {
    const launcher = new ChildUnderTest(
      launcherEntry,
      testEnvironment({
        ...portSettings,
        PORTAL_GATEWAY_PORT: 'eighty',
        LOG_LEVEL: 'loud',
        KAFKA_BROKERS: 'nope',
      }),
      repositoryRoot,
    );

    const exit = await launcher.exited;

    expect(exit.code).toBe(1);
    expect(launcher.stderr).toContain('Start-up failed: Invalid configuration');
    for (const key of ['PORTAL_GATEWAY_PORT', 'LOG_LEVEL', 'KAFKA_BROKERS']) {
      expect(launcher.stderr).toContain(`- ${key}: `);
    }
  });

  it('says so within a bounded time when the broker is unreachable', async () => {
    const started = Date.now();
    const launcher = new ChildUnderTest(
      launcherEntry,
      testEnvironment({
        ...portSettings,
        KAFKA_BROKERS: '127.0.0.1:1',
        KAFKA_CONNECTION_TIMEOUT_MS: '500',
        KAFKA_STARTUP_TIMEOUT_MS: '3000',
      }),
      repositoryRoot,
    );

    const exit = await launcher.exited;

    expect(exit.code).toBe(1);
    expect(launcher.stderr).toMatch(
      /Start-up failed: Kafka is unreachable at 127\.0\.0\.1:1 after \d+s/,
    );
    expect(Date.now() - started).toBeLessThan(30000);
  });

  it('refuses to start on topics keyed by transactionId whose partition counts differ', async () => {
    const env = testEnvironment({ ...portSettings, ...isolatedEnvironment() });
    const { topics } = kafkaNames(env.KAFKA_NAMESPACE!);
    const admin = await connectedAdmin(env);
    await admin
      .createTopics({
        topics: [{ topic: topics.directives, numPartitions: 1 }],
        waitForLeaders: true,
      })
      .finally(() => admin.disconnect());

    const launcher = new ChildUnderTest(launcherEntry, env, repositoryRoot);
    const exit = await launcher.exited;

    expect(exit.code).toBe(1);
    expect(launcher.stderr).toContain(
      'Start-up failed: Topics keyed by transactionId must have the same partition count',
    );
    expect(launcher.stderr).toContain(`${topics.directives}: 1`);
    expect(launcher.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to start, in one line, on an event log that would delete its records after a day', async () => {
    const env = testEnvironment({ ...portSettings, ...isolatedEnvironment() });
    const { topics } = kafkaNames(env.KAFKA_NAMESPACE!);
    const admin = await connectedAdmin(env);
    await admin
      .createTopics({
        topics: [
          {
            topic: topics.purchaseEvents,
            numPartitions: 4,
            configEntries: [{ name: 'retention.ms', value: '86400000' }],
          },
        ],
        waitForLeaders: true,
      })
      .finally(() => admin.disconnect());

    const launcher = new ChildUnderTest(launcherEntry, env, repositoryRoot);
    const exit = await launcher.exited;

    expect(exit.code).toBe(1);
    const failures = launcher.stderr
      .split('\n')
      .filter((line) => line.startsWith('Start-up failed'));
    expect(failures).toEqual([
      'Start-up failed: Topics would delete records they must keep (docs/adr/0015): ' +
        `${topics.purchaseEvents} has retention.ms=86400000 (it must keep its records forever: retention.ms=-1). ` +
        'Give them their settings with `npm run kafka:topic-settings`, or change them by hand',
    ]);
  });

  it('refuses production mode while any development default is in place, naming every one in one message', async () => {
    const launcher = new ChildUnderTest(
      launcherEntry,
      testEnvironment({
        ...portSettings,
        APP_ENV: 'production',
        BALANCE_API_INSECURE_PLAIN_HTTP: 'true',
        SMDP_ADAPTER_INSECURE_PLAIN_HTTP: 'true',
      }),
      repositoryRoot,
    );

    const exit = await launcher.exited;

    const kafka = [
      'KAFKA_TLS: Kafka without TLS',
      'KAFKA_SASL_MECHANISM: Kafka without client authentication',
    ];
    const database = 'DATABASE_URL: the database superuser (postgres)';
    const pki = 'the development PKI (.local/certs)';
    const expected = [
      ...[
        'portal-gateway',
        'orchestrator',
        'smdp-adapter',
        'smdp-simulator',
        'balance-api',
        'support',
      ].flatMap((app) => kafka.map((line) => `${app}: ${line}`)),
      ...['portal-gateway', 'orchestrator', 'balance-api', 'support'].map(
        (app) => `${app}: ${database}`,
      ),
      `portal-gateway: PORTAL_GATEWAY_TLS_CERT: ${pki}`,
      `portal-gateway: PORTAL_GATEWAY_TLS_KEY: ${pki}`,
      `portal-gateway: PORTAL_GATEWAY_CLIENT_CA: ${pki}`,
      'portal-gateway: PORTAL_GATEWAY_CLIENT_CERTIFICATES: the development portal client (CN=portal-dev)',
      'portal-gateway: PORTAL_GATEWAY_CLIENT_TOKENS_FILE: the development portal client tokens',
      'smdp-adapter: SMDP_ADAPTER_BASE_URL: the SM-DP+ simulator (its local address)',
      `smdp-adapter: SMDP_ADAPTER_CLIENT_CERT: ${pki}`,
      `smdp-adapter: SMDP_ADAPTER_CLIENT_KEY: ${pki}`,
      `smdp-adapter: SMDP_ADAPTER_SMDP_CA: ${pki}`,
      'smdp-adapter: SMDP_ADAPTER_INSECURE_PLAIN_HTTP: plain-HTTP notifications',
      'smdp-adapter: SMDP_ADAPTER_NOTIFICATION_CLIENTS: the development SM-DP+',
      'smdp-adapter: SMDP_ADAPTER_NOTIFICATION_REQUESTERS: the SM-DP+ simulator as a notification sender',
      'smdp-simulator: APPS: the SM-DP+ simulator (development and tests only)',
      'balance-api: BALANCE_API_INSECURE_PLAIN_HTTP: plain-HTTP GetBalance',
      'support: SUPPORT_CREDENTIALS_FILE: the development support tokens',
    ];
    expect(exit.code).toBe(1);
    expect(launcher.stderr).toContain(
      `Start-up failed: APP_ENV=production refuses ${expected.length} development defaults:\n`,
    );
    for (const line of expected) expect(launcher.stderr).toContain(`  - ${line}`);
    expect(launcher.stderr.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(
      expected.length,
    );
    // Refused before anything was touched: no app started, nothing listened.
    expect(launcher.stdout).not.toContain('fulfillment is up');
    expect(launcher.stderr).not.toMatch(/\n\s+at /);
  });
});
