// Waits until a Kafka cluster really serves: an admin client connects, describes the cluster and sees a broker.
// A bare port check is not enough: the socket accepts connections before the broker is unfenced.
// Usage: node tools/kafka/wait-ready.mjs --brokers 127.0.0.1:9092 --timeout 120
// It connects as the apps will: KAFKA_TLS, KAFKA_TLS_CA/_CERT/_KEY and KAFKA_SASL_* from the environment (up.sh
// reads .env), so that `npm start` against a managed cluster waits for that cluster.
import { readFileSync } from 'node:fs';
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
const env = process.env;
const file = (name) => (env[name] ? readFileSync(env[name], 'utf8') : undefined);
const tls =
  env.KAFKA_TLS === 'true' || env.KAFKA_TLS === '1'
    ? {
        ...(env.KAFKA_TLS_CA ? { ca: [file('KAFKA_TLS_CA')] } : {}),
        ...(env.KAFKA_TLS_CERT ? { cert: file('KAFKA_TLS_CERT'), key: file('KAFKA_TLS_KEY') } : {}),
      }
    : undefined;
const mechanism = env.KAFKA_SASL_MECHANISM ?? 'none';
const sasl =
  mechanism === 'none'
    ? undefined
    : { mechanism, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD };

async function probe() {
  const kafka = new Kafka({
    clientId: 'wait-ready',
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
    ...(tls ? { ssl: tls } : {}),
    ...(sasl ? { sasl } : {}),
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
