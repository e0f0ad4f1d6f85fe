/**
 * What the orchestrator start-up benches share (bench/orchestrator-startup.bench.ts, issue 12, and
 * bench/orchestrator-scale.bench.ts, issue 14): the baseline (a fresh process reading the log alone), and built
 * orchestrator processes spawned on a preloaded log, timed from the spawn to their HTTP server, their readiness and
 * the decision of probe purchases produced right after the spawn, with each process's peak resident memory.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import type { KafkaNames } from '@mp/event-log';
import { launcherEntry, repositoryRoot } from '../test/support/build-apps';
import { ChildUnderTest } from '../test/support/child-process';
import { transactionIdOn } from '../test/support/partitions';
import { portalEvents } from '../test/support/portal-events';
import { preloadIccid } from '../test/support/preloaded-log';

const readerScript = `${repositoryRoot}/bench/orchestrator-startup.reader.ts`;
const tsxCli = require.resolve('tsx/cli');
const LIMIT_MS = 900_000;

export const seconds = (from: number, to: number) => (to - from) / 1000;

export interface ReadAlone {
  /** Spawn → the topics read to their ends; and from the reader's own code starting (tsx and imports excluded). */
  readonly readS: number;
  readonly readFromCodeS: number;
}

/** The baseline: bench/orchestrator-startup.reader.ts in a fresh process reads the orchestrator's tail topics. */
export async function readAlone(env: Record<string, string>): Promise<ReadAlone> {
  const spawned = performance.now();
  const reader = new ChildUnderTest(tsxCli, env, repositoryRoot, [readerScript]);
  await reader.waitForOutput(/"done"/, LIMIT_MS);
  const ended = performance.now();
  const { began, done } = JSON.parse(reader.stdout.trim()) as { began: number; done: number };
  await reader.exited;
  return { readS: seconds(spawned, ended), readFromCodeS: seconds(began, done) };
}

export interface Started {
  /** From the spawn, the earliest of the processes: HTTP up, /health/ready 200. */
  readonly upS: number;
  readonly readyS: number;
  /** From the spawn: the first probe's directive read, and the last (every partition deciding). */
  readonly decisionS: number;
  readonly allDecidedS: number;
  /** Each process's peak resident set (VmHWM), MiB, read once every probe was decided. */
  readonly peakRssMiB: readonly number[];
  /** Each process's purchases in memory then (mobileplans_orchestrator_live_purchases). */
  readonly heldPurchases: readonly number[];
  /** Each process's resident set then (VmRSS), MiB: after the group settled, where the peak may be from before. */
  readonly rssMiB: readonly number[];
}

/**
 * Spawns one built orchestrator per port (APPS=orchestrator, the environment given, `ORCHESTRATOR_PORT` each its
 * own) at once and produces one balance addition per entry of `probePartitions`, keyed to land on that partition,
 * right after the spawn; waits until every probe's directive is read, then stops the processes.
 */
export async function startOrchestrators(
  env: Record<string, string>,
  names: KafkaNames,
  kafka: Kafka,
  ports: readonly number[],
  probePartitions: readonly number[],
): Promise<Started> {
  const probes = new Map(
    probePartitions.map((partition) => [transactionIdOn(partition, 'start-probe'), 0]),
  );
  const directives = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 20 });
  const joined = new Promise((resolve) => directives.on(directives.events.GROUP_JOIN, resolve));
  await directives.connect();
  await directives.subscribe({ topics: [names.topics.directives], fromBeginning: true });
  await directives.run({
    // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      if (probes.get(key) === 0) probes.set(key, performance.now());
    },
  });
  await joined;
  const producer = kafka.producer();
  await producer.connect();

  const spawned = performance.now();
  const processes = ports.map(
    (port) =>
      new ChildUnderTest(
        launcherEntry,
        { ...env, ORCHESTRATOR_PORT: String(port) },
        repositoryRoot,
      ),
  );
  await producer.send({
    topic: names.topics.portalEvents,
    messages: [...probes.keys()].map((probe, index) => ({
      key: probe,
      value: JSON.stringify(portalEvents.balanceAddition(probe, preloadIccid(999_999_000 + index))),
    })),
  });
  let upAt = 0;
  let readyAt = 0;
  const decided = () => [...probes.values()].every((at) => at > 0);
  while (readyAt === 0 || !decided()) {
    if (upAt === 0 && processes.some((child) => /fulfillment is up/.test(child.stdout)))
      upAt = performance.now();
    if (readyAt === 0) readyAt = (await anyReady(ports)) ? performance.now() : 0;
    if (performance.now() - spawned > LIMIT_MS)
      throw new Error(`orchestrators not ready or undecided after 15 min: ${processes[0]!.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The group may still be settling (one process decided everything before the other joined): what each holds is
  // read once every process owns partitions, and they own them all.
  await settled(ports, probePartitions.length);
  const peakRssMiB = processes.map((child) => memory(child.pid, 'VmHWM'));
  const rssMiB = processes.map((child) => memory(child.pid, 'VmRSS'));
  const heldPurchases = await Promise.all(ports.map((port) => gauge(port, 'live_purchases')));
  for (const child of processes) child.kill('SIGTERM');
  await Promise.all(processes.map((child) => child.exited));
  await producer.disconnect();
  await directives.disconnect();
  const times = [...probes.values()];
  return {
    upS: seconds(spawned, upAt || readyAt),
    readyS: seconds(spawned, readyAt),
    decisionS: seconds(spawned, Math.min(...times)),
    allDecidedS: seconds(spawned, Math.max(...times)),
    peakRssMiB,
    heldPurchases,
    rssMiB,
  };
}

/** Waits (up to a minute) until every process owns partitions and together they own all `partitions`. */
async function settled(ports: readonly number[], partitions: number): Promise<void> {
  const until = performance.now() + 60_000;
  while (performance.now() < until) {
    const owned = await Promise.all(ports.map((port) => gauge(port, 'owned_partitions')));
    const sum = owned.reduce((total, count) => total + count, 0);
    if (owned.every((count) => count > 0) && sum === partitions) {
      // The held-purchases gauge is set each second: one more round for the settled assignment.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One of the process's orchestrator gauges (`mobileplans_orchestrator_<name>`), from its /metrics; NaN if none. */
async function gauge(port: number, name: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => null);
  const text = (await response?.text()) ?? '';
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`mobileplans_orchestrator_${name} `));
  return Number(line?.split(' ')[1] ?? NaN);
}

async function anyReady(ports: readonly number[]): Promise<boolean> {
  for (const port of ports) {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
    await response?.body?.cancel();
    if (response?.status === 200) return true;
  }
  return false;
}

/** VmHWM (peak) or VmRSS (now) of a process, MiB, from /proc (Linux); NaN elsewhere. */
function memory(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith(`${field}:`));
    return Number(line?.split(/\s+/)[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** Prints one row of right-aligned cells. */
export function tableLine(cells: readonly (string | number)[], width: number): void {
  console.log(cells.map((cell) => String(cell).padStart(width)).join(''));
}

/** Measures each size in turn, reports all rows, and exits (1 with the error on failure). */
export function runSizes<R>(
  sizes: readonly number[],
  measure: (size: number) => Promise<R[]>,
  report: (rows: readonly R[]) => void,
): void {
  const all = async () => {
    const rows: R[] = [];
    for (const size of sizes) rows.push(...(await measure(size)));
    report(rows);
  };
  all().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
