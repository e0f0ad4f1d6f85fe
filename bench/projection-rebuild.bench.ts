/**
 * Projection rebuilds at broker speed (issue 14): each Kafka → PostgreSQL projection rebuilt from offset 0 into a
 * fresh schema, beside the broker's raw read rate of the same topics, measured in the same run.
 *
 *   npm run bench:projection-rebuild [-- --purchases 25000 --runs 3 --projections balance,support-index,purchase-view]
 *                                        [--cpu-prof DIR]  (a CPU profile of each rebuild, DIR/<projection>-<run>.cpuprofile)
 *
 * A Kafka namespace of its own on the shared broker, preloaded once (test/support/preloaded-log.ts) with purchases
 * of a realistic mix of flows, decided by the purchase machine, with their effect records and one usage event per
 * SIM credited. Then, per run and per projection, in this order:
 * - baseline: bench/orchestrator-startup.reader.ts in a fresh process, a plain kafkajs consumer reading the
 *   projection's topics to their ends, applying nothing; timed from its code starting (tsx excluded);
 * - ours: the projection on the checkpointed projection runner, as its app builds it (its app's migrations, a fresh
 *   schema and consumer group), timed from the runner's start to its readiness (caught up with the log).
 * Records per second are the records of the projection's topics over those times. Schemas and topics are dropped
 * at the end.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { kafkaNames } from '@mp/event-log';
import { repositoryRoot } from '../test/support/build-apps';
import { ChildUnderTest } from '../test/support/child-process';
import { connectedAdmin, createTopicsSettled } from '../test/support/kafka-admin';
import {
  PreloadedHistoryLog,
  preloadIccid,
  preloadPurchaseLog,
  type PreloadedPurchase,
} from '../test/support/preloaded-log';
import { testKafka } from '../test/support/purchase-system';
import { isolatedEnvironment, testEnvironment } from '../test/support/test-environment';
import { RebuildCpuProfile } from './rebuild-cpu-profile';
import {
  ProjectionRebuild,
  projectionsUnderTest,
  REBUILD_MIX,
  type ProjectionUnderTest,
} from '../test/support/rebuilt-projections';

const { values } = parseArgs({
  options: {
    purchases: { type: 'string', default: '25000' },
    runs: { type: 'string', default: '3' },
    projections: { type: 'string', default: projectionsUnderTest.map((p) => p.name).join(',') },
    'cpu-prof': { type: 'string' },
  },
});
const purchaseCount = Number(values.purchases);
const runs = Number(values.runs);
const chosen = projectionsUnderTest.filter((p) => values.projections.split(',').includes(p.name));
const readerScript = `${repositoryRoot}/bench/orchestrator-startup.reader.ts`;
const tsxCli = require.resolve('tsx/cli');

const env = testEnvironment(isolatedEnvironment('rebuild'));
const namespace = env.KAFKA_NAMESPACE!;
const names = kafkaNames(namespace);
const kafka = testKafka(env);

interface Run {
  readonly projection: string;
  readonly run: number;
  readonly load: number;
  readonly records: number;
  readonly readS: number;
  readonly rebuildS: number;
  /** Rejected records (none expected) and rows in the projection's main table, to check the rebuild. */
  readonly rejected: number;
  readonly rows: number;
}

const seconds = (from: number, to: number) => (to - from) / 1000;

function* purchases(count: number): Generator<PreloadedPurchase> {
  for (let index = 0; index < count; index += 1) {
    yield { transactionId: `rebuild-${index}`, iccid: preloadIccid(index) };
  }
}

async function readAlone(topics: readonly string[]): Promise<{ s: number; records: number }> {
  const reader = new ChildUnderTest(tsxCli, env, repositoryRoot, [
    readerScript,
    '--topics',
    topics.join(','),
  ]);
  await reader.waitForOutput(/"done"/, 600_000);
  const { began, done, records } = JSON.parse(reader.stdout.trim()) as {
    began: number;
    done: number;
    records: number;
  };
  await reader.exited;
  return { s: seconds(began, done), records };
}

/** The baseline, then the rebuild, of one projection into a schema of its own (dropped after). */
async function measure(under: ProjectionUnderTest, run: number): Promise<Run> {
  const load = loadavg()[0]!;
  const rebuild = await ProjectionRebuild.create(under, env, kafka);
  try {
    const baseline = await readAlone(rebuild.topics);
    const profile = values['cpu-prof'] === undefined ? undefined : await RebuildCpuProfile.start();
    const started = performance.now();
    await rebuild.runner.start();
    await rebuild.caughtUp(1_800_000);
    const rebuildS = seconds(started, performance.now());
    await profile?.stop(`${values['cpu-prof']}/${under.name}-${run}.cpuprofile`);
    await rebuild.runner.stop();
    const [counted] = await rebuild.dataSource.query<{ rows: string }[]>(
      `SELECT count(*) AS rows FROM ${under.table}`,
    );
    return {
      projection: under.name,
      run,
      load,
      records: baseline.records,
      readS: baseline.s,
      rebuildS,
      rejected: rebuild.rejected.length,
      rows: Number(counted?.rows ?? 0),
    };
  } finally {
    await rebuild.close();
  }
}

function report(results: readonly Run[]): void {
  const line = (cells: (string | number)[]) =>
    console.log(cells.map((cell) => String(cell).padStart(12)).join(''));
  console.log(`\nProjection rebuild from offset 0, node ${process.version} (records per second)`);
  line([
    'projection',
    'run',
    'load',
    'records',
    'read s*',
    'read/s*',
    'rebuild s',
    'rebuild/s',
    'ratio',
  ]);
  for (const r of results) {
    line([
      r.projection,
      r.run,
      r.load.toFixed(1),
      r.records,
      r.readS.toFixed(2),
      Math.round(r.records / r.readS),
      r.rebuildS.toFixed(2),
      Math.round(r.records / r.rebuildS),
      (r.readS / r.rebuildS).toFixed(2),
    ]);
  }
  console.log(
    "* read: a plain kafkajs consumer in a fresh process reading the projection's topics to their ends (from its " +
      'code starting); rebuild: the runner started → caught up; ratio = rebuild/s ÷ read/s',
  );
}

async function main(): Promise<void> {
  const admin = await connectedAdmin(env);
  const results: Run[] = [];
  try {
    await createTopicsSettled(admin, { topics: [...names.specs] });
    const log = new PreloadedHistoryLog(names.topics, REBUILD_MIX, { effects: true, usageMB: 100 });
    const loading = performance.now();
    const written = await preloadPurchaseLog(kafka, log, purchases(purchaseCount));
    console.log(
      `${purchaseCount} purchases (${log.eventsPerPurchase.toFixed(2)} events each on average), ${written} ` +
        `records written in ${seconds(loading, performance.now()).toFixed(1)} s under ${namespace}`,
    );
    for (let run = 1; run <= runs; run += 1) {
      for (const under of chosen) {
        results.push(await measure(under, run));
        console.log(JSON.stringify(results.at(-1)));
      }
    }
  } finally {
    await admin.deleteTopics({ topics: names.specs.map((spec) => spec.topic) }).catch(() => {});
    await admin.disconnect();
  }
  report(results);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
