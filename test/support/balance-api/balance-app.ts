import { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { loadBalanceApiConfig, type BalanceApiConfig } from '@mp/config';
import { ProjectionCheckpoints } from '@mp/database';
import { kafkaNames } from '@mp/event-log';
import { DATA_SOURCE, runApps, stopApps, type RunningApp } from '@mp/platform';
import { GetBalanceListener } from '../../../apps/balance-api/src/api/get-balance.listener';
import { defineBalanceApiApp } from '../../../apps/balance-api/src/balance-api.app';
import { PROJECTION_NAME } from '../../../apps/balance-api/src/projection/balance.projector';
import type { Clock } from '../../../apps/balance-api/src/api/clock';
import { isolatedEnvironment, testEnvironment } from '../test-environment';
import { waitFor } from '../wait-for';
import { BalanceClient } from './balance-client';
import { LogCapture } from '../log-capture';
import { iccidOf, TopicWriter } from './purchase-histories';

/** Test ranges: COSA is 8988247…; the program is its 89882470… part, so 89882471… is in COSA only. */
export const TEST_RANGES = {
  BALANCE_API_COSA_ICCID_RANGES: '8988247000000000000-8988247999999999999',
  BALANCE_API_PROGRAM_ICCID_RANGES: '8988247000000000000-8988247099999999999',
};
/** Outside every test range: the monitoring SIM answers anyway. */
export const MONITORING_ICCID = iccidOf('890100000000000001');

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public nowMs: number) {}
  now(): number {
    return this.nowMs;
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface BalanceApiUnderTest {
  readonly config: BalanceApiConfig;
  readonly running: RunningApp;
  /** GetBalance's HTTPS base URL. */
  readonly url: string;
  readonly client: BalanceClient;
  readonly writer: TopicWriter;
  /** Its log lines; a test that breaks the store declares the error it expects. */
  readonly logs: LogCapture;
  /**
   * Resolves once the projection has applied everything written so far to its topics: what a test
   * then reads is final, not a state half way through the records it wrote.
   */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** balance-api in this process, migrated, on its own namespace and schema, over HTTPS with mTLS. */
export async function startBalanceApi(
  clock: Clock,
  env: Record<string, string> = {},
): Promise<BalanceApiUnderTest> {
  const config = loadBalanceApiConfig(
    testEnvironment({
      ...isolatedEnvironment('bal'),
      BALANCE_API_PORT: '0',
      BALANCE_API_HTTPS_PORT: '0',
      BALANCE_API_MONITORING_ICCID: MONITORING_ICCID,
      ...TEST_RANGES,
      ...env,
    }),
  );
  const logs = new LogCapture();
  const [running] = await runApps([{ definition: defineBalanceApiApp({ clock }), config }], {
    logDestination: logs.destination,
  });
  if (running === undefined) throw new Error('balance-api did not start');
  const url = running.app.get(GetBalanceListener).url;
  const client = new BalanceClient(url);
  const writer = new TopicWriter(config.kafka.brokers, config.kafka.namespace);
  await writer.connect();
  return {
    config,
    running,
    url,
    client,
    writer,
    logs,
    caughtUp: () => projectionCaughtUp(config, running.app.get<DataSource>(DATA_SOURCE)),
    stop: async () => {
      client.close();
      await writer.disconnect();
      await stopApps([running]);
    },
  };
}

async function projectionCaughtUp(config: BalanceApiConfig, dataSource: DataSource): Promise<void> {
  const admin = new Kafka({
    clientId: 'balance-tests',
    brokers: [...config.kafka.brokers],
  }).admin();
  await admin.connect();
  try {
    const { topics } = kafkaNames(config.kafka.namespace);
    const ends = new Map<string, bigint>();
    for (const topic of [topics.purchaseEvents, topics.usage, topics.balanceAdjustments]) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        if (high !== '0') ends.set(`${topic}:${partition}`, BigInt(high));
      }
    }
    const checkpoints = new ProjectionCheckpoints(PROJECTION_NAME);
    await waitFor(
      async () => {
        const at = new Map(
          (await checkpoints.all(dataSource)).map((row) => [
            `${row.topic}:${row.partition}`,
            row.nextOffset,
          ]),
        );
        return [...ends].every(([key, end]) => (at.get(key) ?? 0n) >= end) ? true : undefined;
      },
      { timeoutMs: 25_000, what: 'the balance projection to reach the ends of its topics' },
    );
  } finally {
    await admin.disconnect();
  }
}
