import { Client } from 'pg';
import { loadOrchestratorConfig, loadSupportConfig } from '@mp/config';
import { kafkaNames } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { orchestratorApp } from '../../apps/orchestrator/src/orchestrator.app';
import { supportApp } from '../../apps/support/src/support.app';
import { connectedAdmin } from '../support/kafka-admin';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// Issue 12: the orchestrator's partition-claimed barriers (on the event log and the parking topic, header
// mp-record-kind=partition-claimed) are ownership markers, not records anyone failed to read: the support index
// passes over them instead of listing them as rejected.

jest.setTimeout(90_000);

const env = testEnvironment({
  ...isolatedEnvironment('barriers'),
  ORCHESTRATOR_PORT: '0',
  SUPPORT_PORT: '0',
});
const { topics } = kafkaNames(env.KAFKA_NAMESPACE!);
let running: RunningApp[] = [];
let sql: Client;

beforeAll(async () => {
  sql = new Client({ connectionString: env.DATABASE_URL });
  await sql.connect();
});

afterAll(async () => {
  await stopApps(running);
  await sql?.end();
});

it('indexes past the barriers of every claim without rejecting any', async () => {
  running = await runApps([
    { definition: orchestratorApp, config: loadOrchestratorConfig(env) },
    { definition: supportApp, config: loadSupportConfig(env) },
  ]);
  const admin = await connectedAdmin(env);
  const ends = await waitFor(
    async () => {
      const offsets = await admin.fetchTopicOffsets(topics.purchaseParking);
      // One barrier per partition once the orchestrator has claimed them all (the log also has a marker per claim).
      return offsets.every((offset) => Number(offset.high) >= 2) ? offsets : undefined;
    },
    { timeoutMs: 30_000, what: "the orchestrator's barriers on every parking partition" },
  ).finally(() => admin.disconnect());
  await waitFor(
    async () => {
      const stored = await sql.query<{ partition: number; next_offset: string }>(
        `SELECT partition, next_offset FROM "${env.DATABASE_SCHEMA}".projection_checkpoint
          WHERE projection = 'support-index' AND topic = $1`,
        [topics.purchaseParking],
      );
      return ends.every(({ partition, high }) =>
        stored.rows.some(
          (row) => row.partition === partition && BigInt(row.next_offset) >= BigInt(high) - 1n,
        ),
      )
        ? true
        : undefined;
    },
    { timeoutMs: 30_000, what: 'the support index past every barrier' },
  );

  const rejected = await sql.query(
    `SELECT rejection_id, reason FROM "${env.DATABASE_SCHEMA}".support_rejected_record`,
  );
  expect(rejected.rows).toEqual([]);
});
