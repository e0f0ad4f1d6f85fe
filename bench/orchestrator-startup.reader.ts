// The baseline of bench/orchestrator-startup.bench.ts, run as a fresh process with the orchestrator's environment:
// a plain kafkajs consumer with the orchestrator's client (createKafkaClient from its config) and the log tail's
// consumer settings (a fresh group, read committed, 100 ms fetch wait, 4 MiB per partition, 4 partitions at once)
// reads the topics the tail reads (or those named by `--topics a,b`: bench/projection-rebuild.bench.ts) from the
// beginning to the ends they had at its join, applying nothing. It prints one JSON line: milliseconds since this process started (performance.now()) when its code began, when it joined,
// when it had read everything, and the records it saw.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadOrchestratorConfig } from '@mp/config';
import { createKafkaClient, kafkaNamesFor, PartitionProgress } from '@mp/event-log';
import { createAppLogger } from '@mp/platform';

async function main(): Promise<void> {
  const began = performance.now();
  const config = loadOrchestratorConfig();
  const names = kafkaNamesFor(config.kafka);
  const { values } = parseArgs({ options: { topics: { type: 'string' } } });
  const topics = values.topics?.split(',') ?? [
    names.topics.purchaseEvents,
    names.topics.purchaseParking,
  ];
  const kafka = createKafkaClient(
    config.kafka,
    createAppLogger({ appName: 'orchestrator', logLevel: 'warn' }),
  );
  const group = `${names.groups.orchestrator}.bench-reader.${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId: group,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  const progress = new PartitionProgress(new Map());
  let joined = 0;
  let records = 0;
  let sampled: Promise<void> | undefined;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    joined = performance.now();
    progress.assigned(payload.memberAssignment, { projection: 'bench-reader', group });
    sampled = progress.sampleEnds(kafka);
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => progress.batchEnded(payload));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 4,
    // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
    eachBatch: async ({ batch }) => {
      records += batch.messages.length;
    },
  });
  while (sampled === undefined || !progress.caughtUpOnce()) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const done = performance.now();
  process.stdout.write(`${JSON.stringify({ began, joined, done, records })}\n`);
  await consumer.disconnect();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
