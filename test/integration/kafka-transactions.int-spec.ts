import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { testEnvironment, uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import { createTopicsSettled } from '../support/kafka-admin';

// Proves the broker the tests use is a real one with transactions: what G2 (exactly-once) will stand on.
describe('Kafka transactions on the real broker', () => {
  const kafka = new Kafka({
    clientId: 'int-kafka-transactions',
    brokers: testEnvironment().KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueName('it_tx');
  const admin = kafka.admin();
  let consumer: Consumer;
  const seen: KafkaMessage[] = [];

  beforeAll(async () => {
    await admin.connect();
    await createTopicsSettled(admin, { topics: [{ topic, numPartitions: 1 }] });
    consumer = kafka.consumer({ groupId: uniqueName('it_tx_group'), readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('shows a read_committed consumer the records of committed transactions and never those of aborted ones', async () => {
    const producer = kafka.producer({
      transactionalId: uniqueName('it_tx_producer'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({
        topic,
        messages: [
          { key: 'a', value: 'aborted-1' },
          { key: 'a', value: 'aborted-2' },
        ],
      });
      await aborted.abort();

      const committed = await producer.transaction();
      await committed.send({
        topic,
        messages: [
          { key: 'c', value: 'committed-1' },
          { key: 'c', value: 'committed-2' },
        ],
      });
      await committed.commit();

      // A marker after both: once it is seen, everything before it has been delivered or skipped.
      const marker = await producer.transaction();
      await marker.send({ topic, messages: [{ key: 'm', value: 'marker' }] });
      await marker.commit();
    } finally {
      await producer.disconnect();
    }

    await waitFor(() => (seen.some((m) => m.value?.toString() === 'marker') ? true : undefined), {
      what: 'the marker record',
    });
    expect(seen.map((m) => m.value?.toString())).toEqual(['committed-1', 'committed-2', 'marker']);
  });

  it('fences an older producer that shares a transactionalId with a newer one', async () => {
    const transactionalId = uniqueName('it_tx_fenced');
    const older = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    const newer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await older.connect();
    const stale = await older.transaction();
    await stale.send({ topic, messages: [{ key: 'z', value: 'zombie' }] });
    await newer.connect();
    try {
      // The newer producer's initialisation aborts the older one's open transaction and fences its epoch.
      const fresh = await newer.transaction();
      await fresh.send({ topic, messages: [{ key: 'f', value: 'fresh' }] });
      await fresh.commit();
      await expect(stale.commit()).rejects.toThrow();
    } finally {
      await older.disconnect().catch(() => undefined);
      await newer.disconnect();
    }

    await waitFor(() => (seen.some((m) => m.value?.toString() === 'fresh') ? true : undefined), {
      what: 'the fresh record',
    });
    expect(seen.map((m) => m.value?.toString())).not.toContain('zombie');
  });
});
