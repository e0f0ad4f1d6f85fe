import { Kafka, logLevel, type Consumer, type ConsumerConfig } from 'kafkajs';
import pino from 'pino';
import { ExactlyOnceProcessor, type ConsumedRecord } from '@mp/event-log';
import { testEnvironment, uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import { createTopicsSettled } from '../support/kafka-admin';

/** A Kafka client that reports which topics the processor's consumer has started a batch of. */
class ObservedKafka extends Kafka {
  readonly batchesStarted: string[] = [];

  override consumer(config: ConsumerConfig): Consumer {
    const consumer = super.consumer(config);
    consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) =>
      this.batchesStarted.push(payload.topic),
    );
    return consumer;
  }
}

// ADR 0012: batches of both input topics that wait for a partition share its next transaction.
describe('ExactlyOnceProcessor on the real broker', () => {
  const brokers = testEnvironment().KAFKA_BROKERS!.split(',');
  const kafka = new ObservedKafka({ clientId: 'int-eos', brokers, logLevel: logLevel.NOTHING });
  const [inA, inB, out] = ['a', 'b', 'out'].map((name) => uniqueName(`it_eos_${name}`));
  const groupId = uniqueName('it_eos_group');
  const admin = kafka.admin();
  const decided: ConsumedRecord[][] = [];
  let releaseClaim: () => void = () => undefined;
  const claimGate = new Promise<void>((resolve) => (releaseClaim = resolve));
  let processor: ExactlyOnceProcessor;
  let reader: Consumer;
  const output: string[] = [];

  beforeAll(async () => {
    await admin.connect();
    await createTopicsSettled(admin, {
      topics: [inA!, inB!, out!].map((topic) => ({ topic, numPartitions: 1 })),
    });
    reader = kafka.consumer({ groupId: uniqueName('it_eos_reader'), readUncommitted: false });
    await reader.connect();
    await reader.subscribe({ topic: out!, fromBeginning: true });
    await reader.run({
      eachMessage: ({ message }) => {
        output.push(message.value!.toString());
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await processor?.stop();
    await reader.disconnect();
    await admin.deleteTopics({ topics: [inA!, inB!, out!] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('commits records of both input topics that wait for the partition in one transaction, once', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: inA!, messages: [{ key: 'p', value: 'a1' }] });
    await producer.send({ topic: inB!, messages: [{ key: 'p', value: 'b1' }] });
    await producer.disconnect();
    processor = new ExactlyOnceProcessor(
      kafka,
      {
        groupId,
        topics: [inA!, inB!],
        transactionalIdPrefix: `${groupId}-p`,
        partitionsConsumedConcurrently: 2,
        maxRecordsPerTransaction: 100,
        sessionTimeoutMs: 10_000,
      },
      {
        claimMessages: () => [],
        // The claim holds the partition's lane until both batches wait for it.
        awaitClaimed: () => claimGate,
        process: (_partition, records) => {
          decided.push([...records]);
          return Promise.resolve({
            messages: records.map((record) => ({
              topic: out!,
              key: record.key ?? '',
              value: `${record.topic === inA ? 'A' : 'B'}:${record.value?.toString() ?? ''}`,
            })),
            afterCommit: () => undefined,
          });
        },
        released: () => undefined,
      },
      pino({ level: 'silent' }),
    );
    await processor.start();

    await waitFor(
      () =>
        kafka.batchesStarted.includes(inA!) && kafka.batchesStarted.includes(inB!)
          ? true
          : undefined,
      { what: 'a batch of each input topic', timeoutMs: 30_000 },
    );
    releaseClaim();

    await waitFor(() => (output.length >= 2 ? true : undefined), { what: 'both outputs' });
    expect(decided).toHaveLength(1);
    expect(decided[0]!.map((record) => record.topic).sort()).toEqual([inA, inB].sort());
    expect(output.sort()).toEqual(['A:a1', 'B:b1']);
    const committed = await admin.fetchOffsets({ groupId, topics: [inA!, inB!] });
    expect(committed.map(({ topic, partitions }) => [topic, partitions[0]?.offset]).sort()).toEqual(
      [
        [inA, '1'],
        [inB, '1'],
      ].sort(),
    );
  });
});
