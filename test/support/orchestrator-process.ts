import { launcherEntry, repositoryRoot } from './build-apps';
import { ChildUnderTest } from './child-process';
import { freePort } from './smdp-harness';
import { waitFor } from './wait-for';

/** What the orchestrator says of itself in /health/ready (ADR 0026): its state and its partitions. */
export interface OrchestratorReport {
  readonly state?: { readonly caughtUp?: boolean; readonly lag?: number };
  readonly partitions?: { readonly assigned?: number[]; readonly claimed?: number[] };
}

export interface ReadinessAnswer {
  readonly at: number;
  /** The status code, or 0 when it did not answer. */
  readonly status: number;
  readonly orchestrator: OrchestratorReport | undefined;
}

/**
 * One orchestrator as its own process (the built launcher with APPS=orchestrator) on a free port, and every
 * /health/ready answer it gave since it was spawned, polled in the background.
 */
export class OrchestratorProcess {
  readonly readiness: ReadinessAnswer[] = [];
  private readonly polling: NodeJS.Timeout;

  private constructor(
    readonly child: ChildUnderTest,
    readonly port: number,
    pollMs: number,
  ) {
    this.polling = setInterval(() => {
      void this.readinessNow().then((answer) => this.readiness.push(answer));
    }, pollMs);
  }

  /** Spawns it; it is up once `up()` resolves. */
  static async spawn(env: Record<string, string>, pollMs = 250): Promise<OrchestratorProcess> {
    const port = await freePort();
    const child = new ChildUnderTest(
      launcherEntry,
      { ...env, APPS: 'orchestrator', ORCHESTRATOR_PORT: String(port) },
      repositoryRoot,
    );
    return new OrchestratorProcess(child, port, pollMs);
  }

  get lastStatus(): number | undefined {
    return this.readiness.at(-1)?.status;
  }

  async up(timeoutMs = 120_000): Promise<void> {
    await this.child.waitForOutput(/fulfillment is up/, timeoutMs);
  }

  async ready(timeoutMs = 120_000): Promise<void> {
    await waitFor(() => (this.lastStatus === 200 ? true : undefined), {
      timeoutMs,
      intervalMs: 100,
      what: `orchestrator on ${this.port} ready`,
    });
  }

  async readinessNow(): Promise<ReadinessAnswer> {
    const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    }).catch(() => null);
    const body = (await response?.json().catch(() => undefined)) as
      { details?: { orchestrator?: OrchestratorReport } } | undefined;
    return {
      at: Date.now(),
      status: response?.status ?? 0,
      orchestrator: body?.details?.orchestrator,
    };
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    clearInterval(this.polling);
    this.child.kill(signal);
    await this.child.exited;
  }
}
