import { Kafka } from 'kafkajs';
import { kafkaNames } from '@mp/event-log';
import type { BalanceApiUnderTest } from './balance-app';
import { uniqueName } from '../test-environment';
import { waitFor } from '../wait-for';

/** Waits for rejected records of this key with these codes on the namespace's rejected-records topic. */
export async function expectRejected(
  api: BalanceApiUnderTest,
  key: string,
  codes: readonly string[],
): Promise<Array<{ code: string; reason: string; parameter: string | null }>> {
  const kafka = new Kafka({
    clientId: 'balance-tests',
    brokers: [...(api.config.kafka?.brokers ?? [])],
  });
  const consumer = kafka.consumer({ groupId: uniqueName('rejected-reader') });
  const seen: Array<{ code: string; reason: string; parameter: string | null }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({
      topic: kafkaNames(api.config.kafka?.namespace ?? '').topics.rejectedRecords,
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === key)
          seen.push(JSON.parse(message.value?.toString() ?? '{}') as (typeof seen)[number]);
        return Promise.resolve();
      },
    });
    await waitFor(
      () => (codes.every((code) => seen.some((record) => record.code === code)) ? true : undefined),
      {
        timeoutMs: 20_000,
        what: `rejected records ${codes.join(', ')} for ${key}`,
      },
    );
    expect(seen.every((record) => record.reason.length > 0)).toBe(true);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
