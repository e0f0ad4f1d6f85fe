import { register } from 'prom-client';
import { loadOrchestratorConfig } from '@mp/config';
import { createKafkaClient, SupervisedConsumer } from '@mp/event-log';
import { createAppLogger } from '@mp/platform';
import { LogCapture } from '../support/log-capture';
import { startPrivateBroker, type PrivateBroker } from '../support/private-broker';
import { testEnvironment, uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// ADR 0029: a consumer made by the apps' Kafka client rides a broker restart out as the same group member. It says
// `reconnecting` while the broker is away (readiness red), consumes again once it serves, and never crashes: a
// crash would make kafkajs start it again as a new member, which waits out the old member's session (30 s here).

jest.setTimeout(180_000);

let broker: PrivateBroker;
// Kept, not printed: a crash's warning carries the error that caused it, which the assertion below shows.
const logs = new LogCapture({ echo: false });
const logger = createAppLogger({ appName: 'orchestrator', logLevel: 'warn' }, logs.destination);

beforeAll(async () => {
  broker = await startPrivateBroker('consumer-outage');
});

afterAll(() => broker?.stop());

async function restartsOf(consumer: string): Promise<number> {
  const restarts = await register.getSingleMetric('mobileplans_consumer_restarts_total')?.get();
  return (restarts?.values ?? [])
    .filter((value) => value.labels.consumer === consumer)
    .reduce((sum, value) => sum + value.value, 0);
}

it('rides a broker restart out without crashing: reconnecting while the broker is away, consuming after', async () => {
  const { kafka: config } = loadOrchestratorConfig(
    testEnvironment({ KAFKA_BROKERS: broker.plaintext }),
  );
  const kafka = createKafkaClient(config, logger);
  const topic = uniqueName('outage');
  const name = uniqueName('outage-consumer');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const seen: string[] = [];
  const consumer = new SupervisedConsumer({
    kafka,
    name,
    config: { groupId: name, sessionTimeout: 30_000, maxWaitTimeInMs: 100 },
    topics: [topic],
    logger,
    run: () => ({
      eachMessage: ({ message }) => {
        seen.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    }),
  });
  const send = async (value: string) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value }] });
    await producer.disconnect();
  };
  try {
    await consumer.start();
    await send('before');
    await waitFor(() => (seen.includes('before') ? true : undefined), { what: 'the first record' });
    expect(consumer.report()).toEqual({ ready: true, state: 'running' });
    // From here: a first join on a broker that has only just started may meet its coordinator still loading, and
    // kafkajs then starts the consumer again; no member existed yet, so that costs nothing and is not this test's.
    const crashesBefore = logs.lines.filter((line) => /crashed/.test(line.msg)).length;
    const restartsBefore = await restartsOf(name);

    broker.signal('SIGKILL');
    const away = await waitFor(
      () => (consumer.state === 'reconnecting' ? consumer.report() : undefined),
      { timeoutMs: 30_000, what: 'the consumer to say it is reconnecting' },
    );
    expect(away).toMatchObject({
      ready: false,
      detail: expect.stringMatching(/no answer/) as unknown,
    });

    await broker.restart();
    await send('after');
    await waitFor(() => (seen.includes('after') ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the record sent after the restart',
    });
    expect(consumer.report()).toEqual({ ready: true, state: 'running' });
    // It never crashed, so kafkajs never started it again as a new member.
    expect(logs.lines.filter((line) => /crashed/.test(line.msg)).slice(crashesBefore)).toEqual([]);
    expect(await restartsOf(name)).toBe(restartsBefore);
  } finally {
    await consumer.stop();
  }
});
