/**
 * Orchestrator start-up with a large log (issue 12), beside the time a fresh process needs to read the same log.
 *
 *   npm run bench:orchestrator-startup [-- --purchases 10000,100000 --runs 3]
 *
 * For each size: a Kafka namespace of its own on the shared broker, N inline purchases waiting for their download
 * notification (5 events each, decided by the purchase machine, test/support/preloaded-log.ts) written straight to
 * the purchase event log. Then, per run, in this order:
 * - baseline: bench/orchestrator-startup.reader.ts in a fresh process (tsx), a plain kafkajs consumer with the
 *   orchestrator's client and the log tail's consumer settings, reading the tail's topics to their ends;
 * - ours: the built launcher with APPS=orchestrator (a restart from the second run on: its group has offsets). A
 *   balance addition is produced on the portal topic right after the spawn; measured from the spawn: the HTTP
 *   server up, /health/ready first 200 (polled every 50 ms) and the probe's directive read (read committed).
 * The namespace's topics are deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { kafkaNames } from '@mp/event-log';
import { connectedAdmin, createTopicsSettled } from '../test/support/kafka-admin';
import {
  PreloadedHistoryLog,
  preloadIccid,
  preloadPurchaseLog,
  type PreloadedPurchase,
} from '../test/support/preloaded-log';
import { testKafka } from '../test/support/purchase-system';
import { freePort } from '../test/support/free-port';
import { isolatedEnvironment, testEnvironment } from '../test/support/test-environment';
import {
  readAlone,
  runSizes,
  seconds,
  startOrchestrators,
  tableLine,
} from './orchestrator-start.fixture';

const { values } = parseArgs({
  options: {
    purchases: { type: 'string', default: '10000,100000' },
    runs: { type: 'string', default: '3' },
  },
});
const sizes = values.purchases.split(',').map(Number);
const runs = Number(values.runs);

interface Run {
  readonly purchases: number;
  readonly run: number;
  /** Baseline: spawn → read to the end; and from the reader's own code starting (tsx and imports excluded). */
  readonly readS: number;
  readonly readFromCodeS: number;
  readonly upS: number;
  readonly readyS: number;
  readonly decisionS: number;
  /** The machine's 1-minute load average when the run began. */
  readonly load: number;
}

async function measureSize(count: number): Promise<Run[]> {
  const port = await freePort();
  const env = testEnvironment({
    ...isolatedEnvironment('startup'),
    APPS: 'orchestrator',
    ORCHESTRATOR_PORT: String(port),
    LOG_LEVEL: 'warn',
  });
  const names = kafkaNames(env.KAFKA_NAMESPACE!);
  const kafka = testKafka(env);
  const admin = await connectedAdmin(env);
  try {
    await createTopicsSettled(admin, { topics: [...names.specs] });
    const log = new PreloadedHistoryLog(names.topics, 'inline');
    const loading = performance.now();
    const records = await preloadPurchaseLog(kafka, log, purchases(count));
    console.log(
      `${count} purchases, ${records} records (${log.eventsPerPurchase} per purchase) written in ` +
        `${seconds(loading, performance.now()).toFixed(1)} s to ${names.topics.purchaseEvents}`,
    );
    const results: Run[] = [];
    for (let run = 1; run <= runs; run += 1) {
      const load = loadavg()[0]!;
      const baseline = await readAlone(env);
      const { upS, readyS, decisionS } = await startOrchestrators(env, names, kafka, [port], [0]);
      results.push({ purchases: count, run, ...baseline, upS, readyS, decisionS, load });
      console.log(JSON.stringify(results.at(-1)));
    }
    return results;
  } finally {
    await admin.deleteTopics({ topics: names.specs.map((spec) => spec.topic) }).catch(() => {});
    await admin.disconnect();
  }
}

function* purchases(count: number): Generator<PreloadedPurchase> {
  const run = randomUUID().slice(0, 8);
  for (let index = 0; index < count; index += 1) {
    yield { transactionId: `startup-${run}-${index}`, iccid: preloadIccid(index) };
  }
}

function report(results: readonly Run[]): void {
  const line = (cells: (string | number)[]) => tableLine(cells, 11);
  console.log(
    `\nOrchestrator start-up with N purchases in the log, node ${process.version} (seconds)`,
  );
  line([
    'purchases',
    'run',
    'load',
    'read alone*',
    '(its code)',
    'http up',
    'ready',
    '1st dec.',
    'ready/read',
    'dec./read',
  ]);
  for (const r of results) {
    line([
      r.purchases,
      r.run,
      r.load.toFixed(1),
      r.readS.toFixed(2),
      r.readFromCodeS.toFixed(2),
      r.upS.toFixed(2),
      r.readyS.toFixed(2),
      r.decisionS.toFixed(2),
      (r.readyS / r.readFromCodeS).toFixed(2),
      (r.decisionS / r.readFromCodeS).toFixed(2),
    ]);
  }
  console.log(
    '* read alone: a fresh process (tsx) spawned → the tail topics read to their ends; (its code): from its code ' +
      "starting (tsx and imports excluded), the ratios' baseline; every other figure from the orchestrator spawned",
  );
}

runSizes(sizes, measureSize, report);
