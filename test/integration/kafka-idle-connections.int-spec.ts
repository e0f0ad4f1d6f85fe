import { loadOrchestratorConfig } from '@mp/config';
import { createKafkaClient } from '@mp/event-log';
import { createAppLogger } from '@mp/platform';
import { createTopicsSettled } from '../support/kafka-admin';
import { testEnvironment, uniqueName } from '../support/test-environment';

// kafkajs's request queue, left alone, checks its queue every millisecond for as long as a connection is open,
// whether or not anything waits (kafkajs issues 1704, 1751). The apps' client does not (idle-request-queues.patch).

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no request queue
const { prototype: queue } = require('kafkajs/src/network/requestQueue/index.js') as {
  prototype: { checkPendingRequests(this: unknown): void };
};

it('lets an idle connection of the apps client rest: no queue checks and no negative timer while nothing waits', async () => {
  const logger = createAppLogger({ appName: 'orchestrator', logLevel: 'silent' });
  const kafka = createKafkaClient(loadOrchestratorConfig(testEnvironment()).kafka, logger);
  const topic = uniqueName('idle');
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsSettled(admin, { topics: [{ topic, numPartitions: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  const check = queue.checkPendingRequests;
  let checks = 0;
  queue.checkPendingRequests = function () {
    checks += 1;
    check.call(this);
  };
  try {
    // Answers on the producer's and the admin's connections: kafkajs starts its loop after each answer.
    await producer.send({ topic, acks: -1, messages: [{ value: 'one' }] });
    await admin.fetchTopicOffsets(topic);
    checks = 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Left alone, kafkajs checks about once per millisecond and connection here: hundreds.
    expect(checks).toBe(0);
    expect(warnings.filter((name) => name === 'TimeoutNegativeWarning')).toEqual([]);
  } finally {
    queue.checkPendingRequests = check;
    process.off('warning', onWarning);
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
});
