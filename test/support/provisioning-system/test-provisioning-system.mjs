// A provisioning system for the e2e tests, outside the project: plain kafkajs and the documented contract
// (docs/contracts.md section 7, docs/contracts/provisioning-*.v1.schema.json), nothing of the project's code.
// It reads provisioning requests, prints each as a JSON line, and answers each on the results topic, keyed by ICCID:
// `failed` (PLAN_UNKNOWN) for a plan listed in FAIL_PLAN_IDS, `provisioned` otherwise.
//
// Settings: KAFKA_BROKERS, REQUESTS_TOPIC, RESULTS_TOPIC, GROUP_ID, FAIL_PLAN_IDS (comma-separated).
import { Kafka, logLevel } from 'kafkajs';

const setting = (name) => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};
const brokers = setting('KAFKA_BROKERS').split(',');
const requestsTopic = setting('REQUESTS_TOPIC');
const resultsTopic = setting('RESULTS_TOPIC');
const failing = new Set((process.env.FAIL_PLAN_IDS ?? '').split(',').filter(Boolean));

const kafka = new Kafka({
  clientId: 'test-provisioning-system',
  brokers,
  logLevel: logLevel.NOTHING,
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const consumer = kafka.consumer({ groupId: setting('GROUP_ID'), maxWaitTimeInMs: 100 });

function answer(request) {
  const common = {
    requestId: request.requestId,
    transactionId: request.transactionId,
    iccid: request.iccid,
    occurredAt: new Date().toISOString(),
  };
  if (failing.has(request.plan?.planId)) {
    return {
      ...common,
      outcome: 'failed',
      reasonCode: 'PLAN_UNKNOWN',
      reasonText: `the network has no plan ${request.plan.planId}`,
    };
  }
  return { ...common, outcome: 'provisioned' };
}

await producer.connect();
await consumer.connect();
await consumer.subscribe({ topic: requestsTopic, fromBeginning: true });
consumer.on(consumer.events.GROUP_JOIN, () => console.log('provisioning system ready'));
await consumer.run({
  eachMessage: async ({ message }) => {
    let request;
    try {
      request = JSON.parse(message.value?.toString() ?? '');
    } catch {
      console.log(JSON.stringify({ skipped: 'not JSON' }));
      return;
    }
    if (typeof request?.requestId !== 'string' || typeof request?.iccid !== 'string') {
      console.log(JSON.stringify({ skipped: 'not a request' }));
      return;
    }
    console.log(JSON.stringify({ request, key: message.key?.toString() ?? null }));
    const result = answer(request);
    await producer.send({
      topic: resultsTopic,
      acks: -1,
      messages: [{ key: request.iccid, value: JSON.stringify(result) }],
    });
    console.log(JSON.stringify({ answered: result }));
  },
});

const stop = async () => {
  await consumer.disconnect().catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
