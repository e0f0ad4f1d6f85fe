import { kafkaNames, type KafkaNames } from '@mp/event-log';
import { launcherEntry, repositoryRoot } from './build-apps';
import { ChildUnderTest } from './child-process';
import { edgeFetch, notificationUrl } from './edge-client';
import { freePort } from './free-port';
import { OrchestratorProcess } from './orchestrator-process';
import { startPrivateBroker, type PrivateBroker } from './private-broker';
import { PrivatePostgres } from './private-postgres';
import { postJson } from './purchase-system';
import { isolatedEnvironment, testEnvironment } from './test-environment';
import { waitFor } from './wait-for';

/**
 * The system as separate processes against a broker and a PostgreSQL cluster of the suite's own, for fault
 * injection (issue 12): the built launcher runs the portal gateway, the real SM-DP+ adapter and the simulator in one
 * process, and each orchestrator in its own (`orchestrator()`), whose readiness is polled throughout.
 */
export class FaultRig {
  env: Record<string, string> = {};
  names!: KafkaNames;
  broker!: PrivateBroker;
  postgres!: PrivatePostgres;
  gatewayUrl = '';
  simulatorUrl = '';
  readonly orchestrators: OrchestratorProcess[] = [];
  private rest: ChildUnderTest | undefined;

  /** `name` names the broker's and the database's directories; `env` adds to (or overrides) the apps' settings. */
  constructor(
    private readonly name: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    this.broker = await startPrivateBroker(this.name);
    this.postgres = await PrivatePostgres.create(this.name);
    const ports = {
      gateway: await freePort(),
      adapter: await freePort(),
      simulator: await freePort(),
      es2: await freePort(),
    };
    this.env = testEnvironment({
      ...isolatedEnvironment('faults'),
      KAFKA_BROKERS: this.broker.plaintext,
      DATABASE_URL: this.postgres.url,
      PORTAL_GATEWAY_PORT: String(ports.gateway),
      SMDP_ADAPTER_PORT: String(ports.adapter),
      SMDP_SIMULATOR_PORT: String(ports.simulator),
      SMDP_SIMULATOR_ES2_PORT: String(ports.es2),
      SMDP_ADAPTER_BASE_URL: `https://127.0.0.1:${ports.es2}`,
      SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(ports.adapter),
      SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: '0',
      // A profile for every inline purchase: none fails for want of one.
      SMDP_SIMULATOR_POOL_SIZE: '400',
      ORCHESTRATOR_TIMER_POLL_MS: '100',
      LOG_LEVEL: 'warn',
      ...this.extraEnv,
    });
    this.names = kafkaNames(this.env.KAFKA_NAMESPACE!);
    this.gatewayUrl = `https://127.0.0.1:${ports.gateway}`;
    this.simulatorUrl = `http://127.0.0.1:${ports.simulator}`;
    this.rest = new ChildUnderTest(
      launcherEntry,
      { ...this.env, APPS: 'portal-gateway,smdp-adapter,smdp-simulator' },
      repositoryRoot,
    );
    await this.rest.waitForOutput(/fulfillment is up/, 120_000);
  }

  /** Starts one more orchestrator process; resolves once it is up (not yet ready). */
  async orchestrator(env: Record<string, string> = {}): Promise<OrchestratorProcess> {
    const orchestrator = await OrchestratorProcess.spawn({ ...this.env, ...env });
    this.orchestrators.push(orchestrator);
    await orchestrator.up();
    return orchestrator;
  }

  /** Posts a portal event until it is answered 202 (the gateway answers 503 while Kafka is away). */
  async accept(event: Record<string, unknown>): Promise<void> {
    let last = '';
    const post = async () => {
      const answer = await postJson(`${this.gatewayUrl}/v1/portal-events`, event).catch(
        (error: unknown) => ({ status: 0, body: { error: String(error) } }),
      );
      last = `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
      if (answer.status === 202) return true;
      if (answer.status !== 503 && answer.status !== 0) throw new Error(`answered ${last}`);
      return undefined;
    };
    await waitFor(post, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: `${String(event.transactionId)} accepted`,
    }).catch((error: unknown) => {
      const output = this.rest?.stdout.slice(-1500) ?? '';
      throw new Error(`${String(error)}; last answer ${last}; gateway output ${output}`);
    });
  }

  /** The calls the simulator was sent, as it recorded them. */
  async simulatorCalls(fn: string): Promise<{ functionCallIdentifier?: string }[]> {
    const response = await edgeFetch(`${this.simulatorUrl}/simulator/calls?function=${fn}`);
    const body = (await response.json()) as { calls: { functionCallIdentifier?: string }[] };
    return body.calls;
  }

  async stop(): Promise<void> {
    // SIGKILL ends a process frozen with SIGSTOP too.
    for (const orchestrator of this.orchestrators) await orchestrator.stop('SIGKILL');
    this.rest?.kill('SIGKILL');
    await this.rest?.exited;
    await this.broker?.stop().catch(() => undefined);
    this.postgres?.destroy();
  }
}
