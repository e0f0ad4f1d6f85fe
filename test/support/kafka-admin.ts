import { Kafka, logLevel, type Admin } from 'kafkajs';

/** A connected admin client on the broker `env` names, quiet; the caller disconnects it. */
export async function connectedAdmin(env: Readonly<Record<string, string>>): Promise<Admin> {
  const admin = new Kafka({
    brokers: (env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  return admin;
}
