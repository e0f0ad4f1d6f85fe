import { launcherEntry, repositoryRoot } from './build-apps';
import { ChildUnderTest } from './child-process';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface ReadinessAnswer {
  /** When it was asked: its checks run then. */
  readonly at: number;
  /** The status code, or 0 when it did not answer. */
  readonly status: number;
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
    const at = Date.now();
    // Longer than the Kafka probe's own timeout (3.5 s), so an answer during an outage arrives.
    const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`, {
      signal: AbortSignal.timeout(5000),
    }).catch(() => null);
    await response?.body?.cancel();
    return { at, status: response?.status ?? 0 };
  }

  /** What the processor says about itself in /health/ready (its group member, partitions assigned and claimed). */
  async partitions(): Promise<{ memberId?: string; assigned?: number[]; claimed?: number[] }> {
    const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`, {
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as {
      details?: { orchestrator?: { partitions?: Record<string, unknown> } };
    };
    return body.details?.orchestrator?.partitions ?? {};
  }

  /** SIGSTOP freezes it (a zombie: no request, no heartbeat, no timer) until SIGCONT. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /**
   * The sum of a metric's samples on /metrics, undefined when it has none: the orchestrator's state as its gauges
   * say (`mobileplans_orchestrator_state_caught_up` is set by each readiness check).
   */
  async metric(name: string): Promise<number | undefined> {
    const response = await fetch(`http://127.0.0.1:${this.port}/metrics`, {
      signal: AbortSignal.timeout(2000),
    });
    const samples = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
    return samples.length === 0 ? undefined : samples.reduce((sum, value) => sum + value, 0);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    clearInterval(this.polling);
    this.child.kill(signal);
    await this.child.exited;
  }
}
