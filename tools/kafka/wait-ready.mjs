// Waits until a Kafka cluster really serves: an admin client connects, describes the cluster and sees a broker.
// A bare port check is not enough: the socket accepts connections before the broker is unfenced.
// Usage: node tools/kafka/wait-ready.mjs --brokers 127.0.0.1:9092 --timeout 120
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: '127.0.0.1:9092' },
    timeout: { type: 'string', default: '60' },
  },
});
const brokers = values.brokers.split(',').map((b) => b.trim());
const deadline = Date.now() + Number(values.timeout) * 1000;

async function probe() {
  const kafka = new Kafka({
    clientId: 'wait-ready',
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length >= 1;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

for (;;) {
  let lastError;
  try {
    if (await probe()) {
      console.log(`[kafka] ready on ${brokers.join(',')}`);
      process.exit(0);
    }
    lastError = 'no broker registered yet';
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
  }
  if (Date.now() >= deadline) {
    console.error(
      `[kafka] not ready on ${brokers.join(',')} after ${values.timeout}s: ${lastError}`,
    );
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
