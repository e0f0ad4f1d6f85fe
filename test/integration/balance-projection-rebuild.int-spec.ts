import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  ManualClock,
  startBalanceApi,
  type BalanceApiUnderTest,
} from '../support/balance-api/balance-app';
import { HistoryBuilder, iccidOf } from '../support/balance-api/purchase-histories';
import { repositoryRoot } from '../support/build-apps';
import { testEnvironment, uniqueName } from '../support/test-environment';

// G6: `npm run balance:rebuild` reads both topics from offset 0 into a fresh schema and must arrive at exactly the
// balances the live projection holds, whatever order the two topics' partitions were read in.

const T0 = Date.parse('2030-05-01T00:00:00.000Z');
let api: BalanceApiUnderTest;
let sql: Client;

beforeAll(async () => {
  api = await startBalanceApi(new ManualClock(T0 + 3_600_000));
  sql = new Client({ connectionString: api.config.database?.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await api?.stop();
});

const balancesIn = async (schema: string): Promise<unknown[]> =>
  (
    await sql.query<Record<string, unknown>>(
      `SELECT iccid, opened_by, balance_type, data_mb, expires_at, locations FROM "${schema}".sim_balance ORDER BY iccid, opened_by`,
    )
  ).rows;

it('a rebuild from offset 0 gives the same balances as the live projection', async () => {
  const sims = Array.from({ length: 12 }, (_, index) =>
    iccidOf(`8988247000001${String(index).padStart(5, '0')}`),
  );
  const plan = (index: number) => ({
    dataMB: 100 * (index + 1),
    validity: `P${index + 1}D`,
    locations: index % 2 ? ['US'] : ['US', 'FR'],
  });
  for (const [index, iccid] of sims.entries()) {
    const at = T0 + index * 1000;
    const history =
      index % 3 === 0
        ? new HistoryBuilder(uniqueName('tx'), at).completedInline(iccid, plan(index))
        : new HistoryBuilder(uniqueName('tx'), at).balanceAddition(iccid, plan(index));
    await api.writer.purchaseEvents(history.events);
    if (index % 4 === 1) {
      await api.writer.purchaseEvents(
        new HistoryBuilder(uniqueName('tx'), at + 60_000).balanceAddition(iccid, plan(0)).events,
      );
    }
    if (index % 5 === 2) {
      await api.writer.purchaseEvents(
        new HistoryBuilder(uniqueName('tx'), at)
          .inlinePurchase(plan(index))
          .reserved(iccid)
          .cancel().events,
      );
    }
    const usage = {
      eventId: uniqueName('use'),
      iccid,
      location: 'US',
      usedMB: 33.3 * index + 1,
      occurredAt: new Date(at + 120_000).toISOString(),
    };
    await api.writer.usage(usage);
    await api.writer.usage(usage);
    // Usage stamped before its plan counts for nothing, live or rebuilt, whichever topic is read first.
    await api.writer.usage({
      ...usage,
      eventId: uniqueName('early'),
      occurredAt: new Date(at - 60_000).toISOString(),
    });
  }
  await api.writer.raw('usage', sims[0] ?? '', '{"broken":true}');
  await api.caughtUp();

  const live = await balancesIn(api.config.database?.schema ?? '');
  expect(live.length).toBeGreaterThanOrEqual(sims.length);

  const rebuilt = uniqueName('rebuilt').toLowerCase();
  const output = await runRebuild(rebuilt);

  expect(output).toContain(`rebuilt the balance projection into schema ${rebuilt}`);
  expect(output).toMatch(/1 rejected records/);
  expect(await balancesIn(rebuilt)).toEqual(live);
});

function runRebuild(schema: string): Promise<string> {
  const env = testEnvironment({
    KAFKA_NAMESPACE: api.config.kafka.namespace,
    DATABASE_SCHEMA: api.config.database?.schema ?? '',
  });
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        resolve(repositoryRoot, 'node_modules/tsx/dist/cli.mjs'),
        'apps/balance-api/src/rebuild-projection.command.ts',
        '--schema',
        schema,
        '--timeout-seconds',
        '60',
      ],
      { cwd: repositoryRoot, env: { PATH: process.env.PATH ?? '', ...env } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? done(output) : fail(new Error(`rebuild exited ${code}: ${output}`)),
    );
  });
}
