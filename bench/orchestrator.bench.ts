/**
 * Orchestrator throughput and latency (issue 4), beside the broker's own ceiling for the same pattern.
 *
 *   npm run bench:orchestrator [-- --seconds 10 --rates 50,100,200,400,800] [--trace] [--cpu-prof DIR]
 *
 * Ours: inline purchases produced on the portal topic at increasing rates to one orchestrator process (the built
 * launcher with APPS=orchestrator), the SM-DP+ answered instantly by a responder in this process; latency from
 * producing the portal event to reading its directive on mobileplans.directives.v1. Baseline: a raw kafkajs
 * consume-transform-produce loop with transactions (one output per input, offsets in the transaction) on the same
 * broker, fed a backlog, in records per second. The limit of a hop (issue 15): a bare transactional
 * consume-transform-produce hop on the same broker, at each step's rate of orchestrator inputs (three per inline
 * purchase), produce to committed read; each step's end-to-end p99 is shown beside it (five hops in a row, target at
 * most 15 times one bare hop). `--trace` also prints, per step, where the latency goes, each stage beside the limit.
 * `--cpu-prof DIR`: the orchestrator child writes a V8 CPU profile of its whole life into DIR when it exits.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { DEFAULT_PARTITIONS, kafkaNames, transactionalProducerRetry } from '@mp/event-log';
import { launcherEntry, repositoryRoot } from '../test/support/build-apps';
import { ChildUnderTest } from '../test/support/child-process';
import { portalEvents } from '../test/support/portal-events';
import { SmdpResponder } from '../test/support/smdp-responder';
import { isolatedEnvironment, testEnvironment } from '../test/support/test-environment';
import {
  createLedTopics,
  measureBareHop,
  percentile,
  type HopFigures,
} from './orchestrator.bare-hop';
import { HopTrace } from './orchestrator.trace';

/** Orchestrator inputs per inline purchase: the portal event and two SM-DP+ results. */
const INPUTS_PER_PURCHASE = 3;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rates: { type: 'string', default: '50,100,200,400,800,1600' },
    trace: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rates = values.rates.split(',').map(Number);

const env = testEnvironment({
  ...isolatedEnvironment('bench'),
  APPS: 'orchestrator',
  ORCHESTRATOR_PORT: '0',
  LOG_LEVEL: 'warn',
});
// Only the child is profiled: the bench's own load generator and readers would drown it.
const childEnv =
  values['cpu-prof'] === undefined
    ? env
    : { ...env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${values['cpu-prof']}` };
const names = kafkaNames(env.KAFKA_NAMESPACE!);
const kafka = new Kafka({
  clientId: 'bench',
  brokers: env.KAFKA_BROKERS!.split(','),
  logLevel: logLevel.NOTHING,
});

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function measureOurs(limits: ReadonlyMap<number, HopFigures>): Promise<
  {
    rate: number;
    done: number;
    p50: number;
    p99: number;
    transitions: number;
    cpu: number;
    load: number;
  }[]
> {
  const admin = kafka.admin();
  await admin.connect();
  await createLedTopics(admin, [...names.specs]);
  await admin.disconnect();
  const orchestrator = new ChildUnderTest(launcherEntry, childEnv, repositoryRoot);
  await orchestrator.waitForOutput(/fulfillment is up/, 60_000);
  const responder = new SmdpResponder(kafka, names, { iccidPrefix: '4409' });
  await responder.start();
  const trace = values.trace ? new HopTrace(kafka, names) : null;
  await trace?.start();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let transitions = 0;
  const directives = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await directives.connect();
  await directives.subscribe({ topics: [names.topics.directives, names.topics.purchaseEvents] });
  await directives.run({
    partitionsConsumedConcurrently: 6,
    // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      if (batch.topic === names.topics.purchaseEvents) {
        transitions += batch.messages.length;
        return;
      }
      for (const message of batch.messages) {
        const started = sentAt.get(message.key!.toString());
        if (started !== undefined) latencies.push(now - started);
        trace?.read(message.key!.toString());
      }
    },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // Warm-up: group joins and partition claims settle before the first measured step.
  await sendPurchases(producer, sentAt, 20, trace);
  await waitUntil(() => latencies.length >= 20, 60_000);
  const results = [];
  for (const rate of rates) {
    latencies.length = 0;
    transitions = 0;
    const started = performance.now();
    const cpuBefore = cpuSeconds(orchestrator.pid);
    const stepIds: string[] = [];
    let sent = 0;
    while (performance.now() - started < seconds * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      if (due > sent) {
        stepIds.push(...(await sendPurchases(producer, sentAt, due - sent, trace)));
        sent = due;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(() => latencies.length >= sent, 5_000);
    const elapsed = (performance.now() - started) / 1000;
    trace?.report(`${rate} purchases/s`, stepIds, limits.get(rate));
    const sorted = [...latencies].sort((a, b) => a - b);
    results.push({
      rate,
      done: latencies.length / elapsed,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      transitions: transitions / elapsed,
      cpu: (cpuSeconds(orchestrator.pid) - cpuBefore) / elapsed,
      load: loadavg()[0]!,
    });
    if (latencies.length < sent * 0.9) break;
  }
  await producer.disconnect();
  await directives.disconnect();
  await responder.stop();
  await trace?.stop();
  orchestrator.kill('SIGTERM');
  await orchestrator.exited;
  return results;
}

async function sendPurchases(
  producer: Producer,
  sentAt: Map<string, number>,
  count: number,
  trace: HopTrace | null,
): Promise<string[]> {
  const events = Array.from({ length: count }, () => portalEvents.inline(`bench-${randomUUID()}`));
  const now = performance.now();
  for (const event of events) {
    sentAt.set(String(event.transactionId), now);
    trace?.sent(String(event.transactionId));
  }
  await producer.send({
    topic: names.topics.portalEvents,
    messages: events.map((event) => ({
      key: String(event.transactionId),
      value: JSON.stringify(event),
    })),
  });
  return events.map((event) => String(event.transactionId));
}

/** The same broker running the bare pattern: consume, produce one record, send offsets, commit; as many partitions. */
async function measureBaseline(records: number): Promise<number> {
  const input = `${env.KAFKA_NAMESPACE}.baseline-in`;
  const output = `${env.KAFKA_NAMESPACE}.baseline-out`;
  const admin = kafka.admin();
  await admin.connect();
  await createLedTopics(
    admin,
    [input, output].map((topic) => ({ topic, numPartitions: DEFAULT_PARTITIONS })),
  );
  await admin.disconnect();
  const feeder = kafka.producer();
  await feeder.connect();
  const value = JSON.stringify(portalEvents.inline('baseline'));
  for (let sent = 0; sent < records; sent += 1000) {
    await feeder.send({
      topic: input,
      messages: Array.from({ length: 1000 }, () => ({ key: randomUUID(), value })),
    });
  }
  await feeder.disconnect();
  const groupId = `baseline-${randomUUID()}`;
  const producers = new Map<number, Producer>();
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  let processed = 0;
  let first = 0;
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      first ||= performance.now();
      let producer = producers.get(batch.partition);
      if (producer === undefined) {
        producer = kafka.producer({
          transactionalId: `${groupId}-${batch.partition}`,
          idempotent: true,
          maxInFlightRequests: 1,
          retry: transactionalProducerRetry,
        });
        await producer.connect();
        producers.set(batch.partition, producer);
      }
      for (let start = 0; start < batch.messages.length; start += 200) {
        const slice = batch.messages.slice(start, start + 200);
        const transaction = await producer.transaction();
        await transaction.send({
          topic: output,
          messages: slice.map((message) => ({ key: message.key, value: message.value })),
        });
        await transaction.sendOffsets({
          consumerGroupId: groupId,
          topics: [
            {
              topic: input,
              partitions: [
                {
                  partition: batch.partition,
                  offset: String(Number(slice[slice.length - 1]!.offset) + 1),
                },
              ],
            },
          ],
        });
        await transaction.commit();
        processed += slice.length;
      }
    },
  });
  await waitUntil(() => processed >= records, 120_000);
  const rate = processed / ((performance.now() - first) / 1000);
  await consumer.disconnect();
  for (const producer of producers.values()) await producer.disconnect();
  return rate;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

async function main(): Promise<void> {
  const baseline = await measureBaseline(20_000);
  const limits = new Map<number, HopFigures>();
  for (const rate of rates) {
    const records = rate * INPUTS_PER_PURCHASE;
    limits.set(rate, await measureBareHop(kafka, env.KAFKA_NAMESPACE!, records, seconds));
  }
  const ours = await measureOurs(limits);
  const line = (cells: (string | number)[]) =>
    console.log(
      cells
        .map(String)
        .map((cell) => cell.padStart(12))
        .join(''),
    );
  console.log(
    `\nInline purchases, SM-DP+ answered instantly, ${seconds}s per step, node ${process.version}`,
  );
  line([
    'offered/s',
    'done/s',
    'p50 ms',
    'p99 ms',
    'events/s',
    'hop p50',
    'hop p99',
    'p99/hop',
    'orch. cpu',
    'load',
  ]);
  for (const step of ours) {
    const limit = limits.get(step.rate)!;
    line([
      step.rate,
      step.done.toFixed(0),
      step.p50.toFixed(0),
      step.p99.toFixed(0),
      step.transitions.toFixed(0),
      limit.p50.toFixed(0),
      limit.p99.toFixed(0),
      (step.p99 / Math.max(1, limit.p99)).toFixed(1),
      step.cpu.toFixed(2),
      step.load.toFixed(1),
    ]);
  }
  console.log(
    `hop: a bare transactional consume-transform-produce hop at ${INPUTS_PER_PURCHASE}x the offered rate, produce to committed read; p99/hop: end-to-end p99 / its p99 (target <= 15 at 100/s); orch. cpu: the orchestrator process's CPU seconds per second; load: the machine's 1-minute load average (2 cores)`,
  );
  const best = Math.max(...ours.map((step) => step.transitions));
  console.log(
    `\nbaseline: raw kafkajs consume-transform-produce with transactions: ${baseline.toFixed(0)} records/s`,
  );
  console.log(`ours: ${best.toFixed(0)} state transitions/s at best`);
  console.log(`ours / baseline: ${(best / baseline).toFixed(2)} (target >= 0.3)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
