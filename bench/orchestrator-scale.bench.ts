/**
 * Cost of an orchestrator start against the size of its history (issue 14): does it follow the live purchases or
 * the whole log?
 *
 *   npm run bench:orchestrator-scale [-- --purchases 10000,100000,1000000 --live 10000 --processes 1,2]
 *
 * For each size N: a Kafka namespace of its own on the shared broker, preloaded (test/support/preloaded-log.ts, the
 * orchestrator's own records of histories the purchase machine decided) with N - live terminal purchases in turn
 * installed on the device, balance additions and cancelled, then `live` inline purchases waiting for their download
 * notification (as an operator's log holds after months: the same live purchases, more and more history), and the
 * changelog as compaction leaves it then (bench/preloaded-changelog.ts: the live purchases' snapshots; the ended
 * ones were evicted long ago). Then per process count, in this order: the baseline (bench/orchestrator-startup
 * .reader.ts in a fresh process reading the event log and the parking topic to their ends, what every start read
 * before ADR 0032) and the built orchestrators spawned at once, one balance addition per partition produced right
 * after the spawn. Measured from the spawn: the first and the last probe's directive read, and each process's peak
 * resident memory (VmHWM) and purchases held once all were decided. The namespace's topics are deleted at the
 * end. Targets at 1,000,000 purchases: first decision under 10 s and under 400 MiB per process, both within 2x of
 * the 10,000-purchase figures, and with two processes each about half.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_PARTITIONS, kafkaNames } from '@mp/event-log';
import { freePort } from '../test/support/free-port';
import { connectedAdmin, createTopicsSettled } from '../test/support/kafka-admin';
import {
  PreloadedHistoryLog,
  preloadIccid,
  preloadPurchaseLog,
  type PreloadedPurchase,
} from '../test/support/preloaded-log';
import { testKafka } from '../test/support/purchase-system';
import { preloadChangelog } from './preloaded-changelog';
import { isolatedEnvironment, testEnvironment } from '../test/support/test-environment';
import {
  readAlone,
  seconds,
  startOrchestrators,
  type ReadAlone,
  type Started,
  runSizes,
  tableLine,
} from './orchestrator-start.fixture';

const { values } = parseArgs({
  options: {
    purchases: { type: 'string', default: '10000,100000,1000000' },
    live: { type: 'string', default: '10000' },
    processes: { type: 'string', default: '1,2' },
  },
});
const sizes = values.purchases.split(',').map(Number);
const live = Number(values.live);
const processCounts = values.processes.split(',').map(Number);
const partitions = Array.from({ length: DEFAULT_PARTITIONS }, (_, partition) => partition);

interface Row extends ReadAlone, Started {
  readonly purchases: number;
  readonly events: number;
  readonly processes: number;
  readonly load: number;
}

function* purchases(run: string, from: number, count: number): Generator<PreloadedPurchase> {
  for (let index = from; index < from + count; index += 1) {
    yield { transactionId: `scale-${run}-${index}`, iccid: preloadIccid(index) };
  }
}

async function measureSize(count: number): Promise<Row[]> {
  const env = testEnvironment({
    ...isolatedEnvironment('scale'),
    APPS: 'orchestrator',
    LOG_LEVEL: 'warn',
  });
  const names = kafkaNames(env.KAFKA_NAMESPACE!);
  const kafka = testKafka(env);
  const admin = await connectedAdmin(env);
  try {
    await createTopicsSettled(admin, { topics: [...names.specs] });
    const run = randomUUID().slice(0, 8);
    const terminal = new PreloadedHistoryLog(names.topics, [
      'inlineInstalled',
      'balanceAddition',
      'cancelled',
    ]);
    const waiting = new PreloadedHistoryLog(names.topics, 'inline');
    const loading = performance.now();
    const terminalCount = Math.max(0, count - live);
    await preloadPurchaseLog(kafka, terminal, purchases(run, 0, terminalCount));
    await preloadPurchaseLog(kafka, waiting, purchases(run, terminalCount, count - terminalCount));
    const livePurchases = purchases(run, terminalCount, count - terminalCount);
    await preloadChangelog(kafka, names, DEFAULT_PARTITIONS, waiting, livePurchases);
    const events = Math.round(
      terminalCount * terminal.eventsPerPurchase +
        (count - terminalCount) * waiting.eventsPerPurchase,
    );
    console.log(
      `${count} purchases (${count - terminalCount} live), ${events} events written in ` +
        `${seconds(loading, performance.now()).toFixed(1)} s`,
    );
    const rows: Row[] = [];
    for (const processCount of processCounts) {
      const load = loadavg()[0]!;
      const baseline = await readAlone(env);
      const ports = await Promise.all(Array.from({ length: processCount }, freePort));
      const started = await startOrchestrators(env, names, kafka, ports, partitions);
      rows.push({
        purchases: count,
        events,
        processes: processCount,
        load,
        ...baseline,
        ...started,
      });
      console.log(JSON.stringify(rows.at(-1)));
    }
    return rows;
  } finally {
    await admin.deleteTopics({ topics: names.specs.map((spec) => spec.topic) }).catch(() => {});
    await admin.disconnect();
  }
}

function report(rows: readonly Row[]): void {
  const line = (cells: (string | number)[]) => tableLine(cells, 12);
  console.log(
    `\nOrchestrator start with ${live} live purchases and the rest terminal, node ${process.version}`,
  );
  line([
    'purchases',
    'events',
    'processes',
    'load',
    'read alone s',
    '1st dec. s',
    'all dec. s',
    'peak RSS MiB',
    'RSS then',
    'held',
    'x 10k dec.',
    'x 10k RSS',
  ]);
  for (const row of rows) {
    const smallest = rows.find((other) => other.processes === row.processes);
    const worstRss = Math.max(...row.peakRssMiB);
    line([
      row.purchases,
      row.events,
      row.processes,
      row.load.toFixed(1),
      row.readFromCodeS.toFixed(2),
      row.decisionS.toFixed(2),
      row.allDecidedS.toFixed(2),
      row.peakRssMiB.map((rss) => rss.toFixed(0)).join('/'),
      row.rssMiB.map((rss) => rss.toFixed(0)).join('/'),
      row.heldPurchases.join('/'),
      smallest === undefined ? '' : (row.allDecidedS / smallest.allDecidedS).toFixed(2),
      smallest === undefined ? '' : (worstRss / Math.max(...smallest.peakRssMiB)).toFixed(2),
    ]);
  }
  console.log(
    'read alone: a fresh process reading the event log and the parking topic to their ends (from its code ' +
      'starting), what each start read before ADR 0032; dec.: a probe balance addition per partition, from the ' +
      "spawn to its directive; peak RSS: each process's VmHWM; RSS then, held: each process's VmRSS and purchases " +
      'in memory once the group has settled (every process owning partitions); x 10k: ' +
      'against the smallest size with the same process count',
  );
}

runSizes(sizes, measureSize, report);
